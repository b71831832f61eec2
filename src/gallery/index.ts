// The template gallery feature: the header button, the dialog and the catalog of templates.
export { Gallery, GalleryButton, openGallery, openTemplate } from './Gallery';
export { GALLERY_TID } from './testids';
export { templates, templateGraph, TEMPLATE_ORDER, type Template } from './catalog';
export { GraphDiagram } from './GraphDiagram';
export { layoutDiagram } from './diagram';
