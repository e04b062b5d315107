import type { StoreApi } from 'zustand';
import type { GraphSlice } from './graphSlice.js';
import type { TrainingSlice } from '../training/trainingSlice.js';
import type { UiSlice } from './uiSlice.js';

export type EditorState = GraphSlice & UiSlice & TrainingSlice;

export type SliceCreator<T> = (
  set: StoreApi<EditorState>['setState'],
  get: StoreApi<EditorState>['getState'],
) => T;
