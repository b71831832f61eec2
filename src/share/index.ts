// The sharing feature: export/import of graph files (with or without trained weights),
// links that carry the graph, and dropping files on the canvas.
export { ShareButtons, ShareNotice, LinkOpener, DropZone } from './ShareControls';
export { SHARE_TID } from './testids';
export { importText, importFile, importLink, type ImportOutcome } from './importer';
export { graphToFragment, fragmentData, fragmentText } from './link';
