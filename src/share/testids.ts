// data-testids of the sharing controls, shared with the e2e tests.
export const SHARE_TID = {
  importButton: 'import-button',
  importDialog: 'import-dialog',
  importFile: 'import-file-input',
  importText: 'import-text',
  importTextOpen: 'import-text-open',
  exportButton: 'export-button',
  exportGraph: 'export-graph',
  exportWeights: 'export-weights',
  copyLink: 'copy-link',
  notice: 'share-notice',
  noticeLine: 'share-notice-line',
  noticeLink: 'share-notice-link',
  noticeClose: 'share-notice-close',
  dropOverlay: 'drop-overlay',
} as const;
