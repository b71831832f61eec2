// The editor feature: canvas, palette, inspector. The app shell composes these.
export { Canvas } from './Canvas';
export { Palette } from './Palette';
export { Inspector, GraphTotals } from './Inspector';
export { openHelp } from './uiState';
