/**
 * Every property in the node project: a run (its examples and its shrinking together) that goes on for more than three
 * minutes stops and fails, printing the counterexample it has, instead of holding the suite. A CI run once sat for
 * minutes inside a property of test/src/analysis/equilibria.test.ts that ran on and on (most likely shrinking a
 * failure through thousands of slow steps); this makes such a run a failure that names its input.
 */
import fc from 'fast-check';

fc.configureGlobal({ interruptAfterTimeLimit: 180_000, markInterruptAsFailure: true });
