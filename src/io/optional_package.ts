/**
 * Imports a module by a specifier known only at run time. Bundlers (esbuild, webpack, Vite, Rollup) then neither
 * resolve nor bundle it, so a browser bundle of gan-kit never needs Node's built-ins or an optional package; the
 * import happens, in Node, when a function that needs the module is first called.
 *
 * @param specifier - a package name or a Node built-in such as `'node:fs/promises'`.
 * @typeParam T - the module's type, written as `typeof import('…')` (a type only, erased from the output).
 */
export function importAtRunTime<T>(specifier: string): Promise<T> {
  return import(/* webpackIgnore: true */ /* @vite-ignore */ specifier) as Promise<T>;
}

/**
 * Loads an optional dependency on first use (see {@link importAtRunTime}), so that `import 'gan-kit'` never needs it.
 *
 * @param packageName - the npm package to import.
 * @param user - the gan-kit function that needs it, named in the error.
 * @typeParam T - the package's module type, written as `typeof import('…')`.
 * @throws an Error "gan-kit: USER needs the optional package 'NAME': run npm install NAME" when the package is not
 *   installed; any other failure is rethrown unchanged.
 */
export async function importOptionalPackage<T>(packageName: string, user: string): Promise<T> {
  try {
    return await importAtRunTime<T>(packageName);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(`'${packageName}'`)) {
      throw new Error(`gan-kit: ${user} needs the optional package '${packageName}': run npm install ${packageName}`, { cause: error });
    }
    throw error;
  }
}

/**
 * The exports of a CommonJS package loaded with `import()`: Node puts `module.exports` under `default`, some
 * bundlers spread it. Returns whichever object carries `key`.
 */
export function commonJsExports<T extends object>(module: T | { default: T }, key: keyof T): T {
  return key in module ? (module as T) : (module as { default: T }).default;
}

/**
 * The folder of an installed optional package (Node only), found the way `require` finds it from gan-kit's own
 * location, for packages whose files (not modules) gan-kit reads, such as images.
 *
 * @param packageName - the npm package.
 * @param user - the gan-kit function that needs it, named in the error.
 * @throws an Error "gan-kit: USER needs the optional package 'NAME': run npm install NAME" when the package is not
 *   installed.
 */
export async function optionalPackageFolder(packageName: string, user: string): Promise<string> {
  const { createRequire } = await importAtRunTime<typeof import('node:module')>('node:module');
  const { dirname } = await importAtRunTime<typeof import('node:path')>('node:path');
  const require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
  try {
    return dirname(require.resolve(`${packageName}/package.json`));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'MODULE_NOT_FOUND') {
      throw new Error(`gan-kit: ${user} needs the optional package '${packageName}': run npm install ${packageName}`, { cause: error });
    }
    throw error;
  }
}
