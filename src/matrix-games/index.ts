/**
 * Matrix games: two-player normal-form games with payoff matrices A (row player) and B (column player), each
 * player maximizing its own expected payoff (B = −A when omitted: zero-sum). Nash equilibria by support
 * enumeration, vertex enumeration, Lemke–Howson and linear programming; learning dynamics (replicator, Hedge,
 * optimistic Hedge, fictitious play, regret matching) as Dynamics over batches; Gambit's .nfg files read and
 * written. No DOM, no Node APIs: the CLI reads files, the components draw.
 */
export { bimatrixGame, colPayoffs, constantSum, describeGame, expectedPayoffs, payoffScale, readPayoffMatrix, rowPayoffs, transposeGame, type BimatrixGame, type BimatrixLabels } from './bimatrix.ts';
export { colPayoffBatch, meanPayoff, rowPayoffBatch } from './batch-payoffs.ts';
export { distinctEquilibria, makeEquilibrium, REGRET_TOLERANCE, sameEquilibrium, verifiedEquilibria, type Equilibrium, type NashResult } from './equilibrium.ts';
export { argmaxWithTies, fictitiousPlay } from './fictitious-play.ts';
export { hedge, optimisticHedge } from './hedge.ts';
export { learn, type LearnFrame, type LearnOptions, type LearnResult } from './learn.ts';
export { createLearning, learningDynamics, type LearningEntry, type LearningName } from './learning.ts';
export { lemkeHowson, lemkeHowsonPath } from './lemke-howson.ts';
export { NASH_METHODS, nashMethods, solveNash, type NashMethod, type NashReport } from './nash.ts';
export { readNfg } from './nfg-read.ts';
export { quoteNfg, writeNfg } from './nfg-write.ts';
export { polishEquilibrium } from './polish.ts';
export { bestResponsePolytopes, positivePayoffs } from './polytope.ts';
export { dualityGap, maxRegret, regrets } from './regret.ts';
export { regretMatching } from './regret-matching.ts';
export { replicatorFlow, replicatorGame } from './replicator.ts';
export { klDivergence, readMixedStrategy, simplexViolation, uniform } from './simplex.ts';
export { supportEnumeration } from './support-enumeration.ts';
export { connectedComponents, vertexEnumeration, type EquilibriumComponent } from './vertex-enumeration.ts';
export { zeroSumLp } from './zero-sum-lp.ts';
