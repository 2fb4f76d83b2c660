/**
 * One step of a discrete-time dynamics on a Float64 batch: an optimizer with its state, or an integrator of the
 * gradient flow with its step size. The simulation loop drives either through this one interface.
 */
export interface Dynamics {
  /** A label for legends and reports: `simgda`, `rk4 (h = 0.1)`. */
  readonly label: string;
  /** Advances every point of the batch by one step, in place. */
  step(z: Float64Array[]): void;
  /**
   * The iterate to report, when it is not z itself (an averaged iterate). Reading it must not change any state.
   */
  readout?(z: readonly Float64Array[]): readonly Float64Array[];
  /** The time that one step advances (for a flow, h; for an optimizer, undefined). */
  readonly dt?: number;
}
