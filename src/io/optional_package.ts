/**
 * Loads an optional dependency on first use, so that `import 'gan-kit'` never needs it. `load` must be a thunk with a
 * literal specifier (`() => import('pngjs')`), which bundlers can see and resolve.
 *
 * @param packageName - the npm package `load` imports, named in the error.
 * @param user - the gan-kit function that needs it, named in the error.
 * @param load - imports the package.
 * @throws an Error "gan-kit: USER needs the optional package 'NAME': run npm install NAME" when the package is not
 *   installed; any other failure of `load` is rethrown unchanged.
 */
export async function importOptionalPackage<T>(packageName: string, user: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
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
 * The module object of a CommonJS package loaded with `import()`: Node puts `module.exports` under `default`, some
 * bundlers spread it. Returns whichever object carries `key`.
 */
export function commonJsExports<T extends object>(module: T | { default: T }, key: keyof T): T {
  return key in module ? (module as T) : (module as { default: T }).default;
}
