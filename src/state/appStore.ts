// The app's one document store. main.tsx fills it (autosave, template or default graph)
// before the first render; feature folders import it from here.
import { emptyGraph } from '../graph/schema';
import { createDocStore } from './store';

export const docStore = createDocStore(emptyGraph());
