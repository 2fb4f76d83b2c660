/**
 * The small kit every Saddle element uses: export (svgMarkup, svgFile, fontFaces, the buttons), linked views
 * (follow, FollowController), URL state, the width observer, the lazily loaded module, reflected attributes, axes,
 * the shared styles and the error box.
 */
export * from './export.ts';
export * from './follow.ts';
export * from './url-state.ts';
export * from './width.ts';
export * from './lazy.ts';
export * from './properties.ts';
export * from './axis.ts';
export * from './styles.ts';
export * from './message.ts';
