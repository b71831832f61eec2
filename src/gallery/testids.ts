// data-testids of the template gallery, shared with the e2e tests.
export const GALLERY_TID = {
  button: 'open-gallery',
  dialog: 'gallery',
  card: (id: string) => `gallery-card-${id}`,
  open: (id: string) => `gallery-open-${id}`,
} as const;
