// Typed failures of the WebGPU runtime, so the UI can say what happened and what to do.

export class NoWebGPU extends Error {
  override name = 'NoWebGPU';
  constructor() {
    super(
      'This browser has no WebGPU (navigator.gpu is missing). Use Chrome or Edge 113+, ' +
        'or Chromium on Linux started with --enable-unsafe-webgpu --enable-features=Vulkan, from http://localhost or https.',
    );
  }
}

export class NoAdapter extends Error {
  override name = 'NoAdapter';
  constructor() {
    super(
      'WebGPU exists but no GPU adapter was offered. Check that hardware acceleration is on (chrome://settings/system) ' +
        'and that chrome://gpu lists WebGPU as enabled; on Linux install a Vulkan driver (Mesa >= 24 gives lavapipe).',
    );
  }
}

/** The device went away (driver reset, GPU process crash, too long a dispatch). Recreate it and restore the weights. */
export class DeviceLost extends Error {
  override name = 'DeviceLost';
  constructor(
    readonly reason: string,
    detail: string,
  ) {
    super(`The GPU device was lost (${reason}): ${detail || 'no detail given'}. The run can resume on a new device.`);
  }
}

/** A WGSL module failed to compile: the message names the shader, line and column. */
export class ShaderCompileError extends Error {
  override name = 'ShaderCompileError';
  constructor(
    readonly label: string,
    readonly messages: { message: string; lineNum: number; linePos: number }[],
  ) {
    super(`WGSL error in ${label}: ` + messages.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('; '));
  }
}

/** A model or buffer the device cannot hold, refused before anything is allocated. */
export class DeviceLimitError extends Error {
  override name = 'DeviceLimitError';
}
