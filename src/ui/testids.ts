// Every data-testid the app uses, in one place: components and e2e tests import these, so
// renaming one cannot silently break a test.
export const TID = {
  app: 'app',
  header: 'app-header',
  graphName: 'graph-name',
  newGraph: 'new-graph',
  themeToggle: 'theme-toggle',
  helpButton: 'help-button',
  dirtyMark: 'dirty-mark',

  palette: 'palette',
  paletteSearch: 'palette-search',
  paletteItem: (type: string) => `palette-item-${type}`,

  canvas: 'canvas',
  toolbar: 'canvas-toolbar',
  undo: 'undo',
  redo: 'redo',
  fitView: 'fit-view',
  autoLayout: 'auto-layout',
  snapToggle: 'snap-toggle',
  minimapToggle: 'minimap-toggle',
  groupButton: 'group-selection',
  ungroupButton: 'ungroup-selection',
  breadcrumb: 'breadcrumb',
  breadcrumbItem: (i: number) => `breadcrumb-${i}`,
  problems: 'problems',
  problemItem: 'problem-item',

  node: (id: string) => `node-${id}`,
  nodeTitle: 'node-title',
  nodeParamCount: 'node-param-count',
  nodeError: 'node-error',
  shapeBadge: (port: string) => `shape-${port}`,
  param: (name: string) => `param-${name}`,
  openGroup: 'open-group',
  edgeError: 'edge-error',

  nodeSearch: 'node-search',
  nodeSearchInput: 'node-search-input',
  nodeSearchItem: (type: string) => `node-search-item-${type}`,

  sidebar: 'sidebar',
  sidebarTab: (id: string) => `sidebar-tab-${id}`,
  inspector: 'inspector',
  inspectorFormula: 'inspector-formula',
  totals: 'graph-totals',
  totalParams: 'total-params',

  help: 'help-overlay',
  errorFallback: 'error-fallback',
} as const;
