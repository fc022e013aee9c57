// `cem analyze` (run by `npm run build`): documents the element from its JSDoc into custom-elements.json.
export default {
  globs: [
    'src/widget/idmobile-check.ts',
    'src/widget/idmobile-gauge.ts',
    'src/widget/define.ts',
    'src/widget/index.ts',
  ],
  outdir: '.',
  litelement: true,
  packagejson: false,
};
