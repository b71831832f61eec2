// The sidebar's tabs. To add one (Train, Run, …), add an entry here; the sidebar draws a tab
// for each, keeps a visited panel mounted (so a running panel keeps its state), and gives
// each its own error boundary.
import type { ComponentType } from 'react';
import { Inspector } from '../editor';
import { RunPanel } from '../play/RunPanel';
import { TrainPanel } from '../train/TrainPanel';

export interface SidebarPanel {
  id: string;
  title: string;
  Component: ComponentType;
}

export const PANELS: SidebarPanel[] = [
  { id: 'inspector', title: 'Inspector', Component: Inspector },
  { id: 'train', title: 'Train', Component: TrainPanel },
  { id: 'run', title: 'Run', Component: RunPanel },
];
