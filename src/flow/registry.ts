import { InputError, show } from '../errors.ts';
import { resolveOptions, type OptionSpecs } from '../options.ts';

/** What a CLI or a component lists about an integrator (the same shape of options as the optimizers'). */
export interface IntegratorEntry {
  readonly summary: string;
  readonly reference: string;
  /** Order p of the method: global error O(hᵖ). */
  readonly order: number;
  /** Whether the step size adapts to a tolerance (else one step of size h = dt per call). */
  readonly adaptive: boolean;
  readonly options: OptionSpecs;
}

/** The integrators of the gradient flow ż = −ξ(z), by name. */
export const integrators = {
  euler: {
    summary: 'explicit Euler, z′ = z − h·ξ(z): simultaneous GDA with η = h; spirals out on x·y',
    reference: 'Euler 1768; Hairer, Nørsett & Wanner, Solving ODEs I, I.7',
    order: 1,
    adaptive: false,
    options: {},
  },
  rk4: {
    summary: 'classical Runge–Kutta 4: four evaluations a step, slightly dissipative on x·y',
    reference: 'Kutta 1901; Hairer, Nørsett & Wanner, Solving ODEs I, II.1',
    order: 4,
    adaptive: false,
    options: {},
  },
  rk45: {
    summary: 'Dormand–Prince 5(4) with an adaptive step (PI/I controller), landing exactly on each dt',
    reference: 'Dormand & Prince 1980; Hairer, Nørsett & Wanner, Solving ODEs I, II.4–II.5',
    order: 5,
    adaptive: true,
    options: {
      rtol: {
        kind: 'number',
        default: 1e-6,
        range: 'positive',
        description: 'relative tolerance (at least 1e-14): each kept step has local error ≤ atol + rtol·|z|, RMS over coordinates',
      },
      atol: { kind: 'number', default: 1e-9, range: 'positive', description: 'absolute tolerance, the error allowed near z = 0' },
      pcoeff: {
        kind: 'number',
        default: 0,
        range: 'nonnegative',
        description: 'proportional coefficient β_P of the PI step-size controller (0: an I controller)',
      },
      icoeff: { kind: 'number', default: 1, range: 'positive', description: 'integral coefficient β_I of the step-size controller' },
      maxSubsteps: {
        kind: 'integer',
        default: 100_000,
        min: 1,
        description: 'attempted steps allowed within one output interval dt before giving up',
      },
    },
  },
  'implicit-euler': {
    summary: 'implicit Euler, z′ = z − h·ξ(z′): the proximal point step; contracts on x·y',
    reference: 'Hairer & Wanner, Solving ODEs II, IV.3; Rockafellar 1976',
    order: 1,
    adaptive: false,
    options: {},
  },
  'implicit-midpoint': {
    summary: 'implicit midpoint, z′ = z − h·ξ((z + z′)/2): symplectic, conserves ‖z‖ on x·y',
    reference: 'Hairer, Lubich & Wanner, Geometric Numerical Integration, VI.3',
    order: 2,
    adaptive: false,
    options: {},
  },
  leapfrog: {
    summary: 'Störmer–Verlet on the players: half step x, full step y, half step x; bounded orbits on x·y for h·a < 2',
    reference: 'Hairer, Lubich & Wanner, Geometric Numerical Integration, I.1.4 and VI.3',
    order: 2,
    adaptive: false,
    options: {},
  },
} as const satisfies Record<string, IntegratorEntry>;

export type IntegratorName = keyof typeof integrators;

/**
 * Checks an integrator's name and options (numbers, or strings from a command line) and fills in the defaults.
 * Throws an {@link InputError} naming the bad part: `integrator rk45, option rtol: expected a positive number, got -1`.
 */
export function resolveIntegrator(
  name: string,
  options: Readonly<Record<string, unknown>> = {},
): { name: IntegratorName; options: Record<string, number> } {
  if (!Object.hasOwn(integrators, name)) {
    throw new InputError('integrator', `unknown integrator ${show(name)} (known: ${Object.keys(integrators).join(', ')})`);
  }
  const key = name as IntegratorName;
  const values = resolveOptions(`integrator ${name}`, integrators[key].options, options, 1) as Record<string, number>;
  if (key === 'rk45' && values.rtol < 1e-14) {
    throw new InputError(`integrator ${name}, option rtol`, `below 1e-14 it cannot be met in double precision, got ${values.rtol}`, ['rtol']);
  }
  return { name: key, options: values };
}
