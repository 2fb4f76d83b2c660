/**
 * Divergences between distributions, the lecture's "KL versus Wasserstein" point (issue 3, part 3):
 * 1-D distributions and their text form, the six divergences between them (closed forms, exact atoms, adaptive
 * quadrature), sample-based distances (1-D sorting, exact 2-D transport, sliced), the WGAN parallel lines, the
 * Gaussian contrast, and Goodfellow's optimal discriminator. No DOM, no mathjs: it runs in Node, a worker and a page.
 */
export * from './distribution.ts';
export * from './density.ts';
export { parseDistribution } from './parse.ts';
export { quantile, upperQuantile, quantileAt } from './quantile.ts';
export { erf, erfc, normalCdf, normalPdf, normalQuantile, normalSurvival } from './normal.ts';
export { integrate, type Integral, type IntegrateOptions } from './integrate.ts';
export { absolutelyContinuous, densitySupport } from './support.ts';
export * from './closed-forms.ts';
export { klByIntegration, jsByIntegration, tvByIntegration } from './f-divergence.ts';
export { w1ByCdf, wassersteinByQuantiles } from './wasserstein.ts';
export * from './divergences.ts';
export { sampleWasserstein1d } from './samples.ts';
export { solveAssignment, type Assignment } from './assignment.ts';
export { exactWasserstein, MAX_TRANSPORT_POINTS, type Cloud, type Transport } from './transport.ts';
export { slicedWasserstein, slicingDirections, type Sliced, type SlicedOptions } from './sliced.ts';
export { drawSamples, quantileSamples } from './draw.ts';
export { linspace } from './grid.ts';
export { parallelLines, parallelLinesCurve, parallelLinesClouds, type DivergenceCurvePoint } from './parallel-lines.ts';
export { gaussianOffset, gaussianOffsetCurve, type GaussianOffsetOptions } from './gaussian-offset.ts';
export { ganValue, optimalDiscriminator, optimalDiscriminatorLogit, virtualTrainingCriterion } from './discriminator.ts';
export * from './generator-loss.ts';
