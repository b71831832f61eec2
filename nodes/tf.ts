// The one tfjs entry point for node code: core ops with every gradient registered.
// Gradients are registered by importing the @tensorflow/tfjs package: its Node build (used by
// the CLI, where tfjs-core's ESM gradient files cannot load) and its browser build both do it
// on the same tfjs-core instance the rest of the code imports.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs';

export { tf };
