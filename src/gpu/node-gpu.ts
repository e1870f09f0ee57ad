// Dawn for Node (npm `webgpu`): the same WebGPU API the browser has, on the machine's Vulkan device.
// Only Node entry points (tests, CLI, bench) import this file; the app never does.
import { create, globals } from 'webgpu';

let dawn: GPU | undefined;

/** Installs Dawn's GPU as `navigator.gpu` (and the WebGPU globals) and returns it. */
export function installDawn(): GPU {
  if (dawn) return dawn;
  Object.assign(globalThis, globals);
  dawn = create([]) as GPU;
  const nav = (globalThis as { navigator?: object }).navigator;
  if (nav) Object.defineProperty(nav, 'gpu', { value: dawn, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu: dawn }, configurable: true });
  return dawn;
}
