// The document store and its helpers, for every feature folder.
export { docStore } from './appStore';
export { useDoc } from './hooks';
export { useAnalysis, analysisOf } from './analysis';
export { createDocStore, EMPTY_SELECTION, type DocState, type DocStore, type Selection, type Viewport, type UpdateOptions } from './store';
export { copyFragment, pasteFragment, parseGraphText } from './clipboard';
export { readAutosave, startAutosave, AUTOSAVE_KEY } from './autosave';
export * as ops from './ops';
