// Pipelines from WGSL text: compiled once, checked for errors, cached by shader + entry point + overrides.
import { ShaderCompileError } from './errors';

export interface KernelSpec {
  /** Shader name, e.g. 'residual' (the file shaders/residual.wgsl). */
  shader: string;
  code: string;
  entryPoint: string;
  /** WGSL `override` constants such as workgroup and tile sizes. */
  constants?: Record<string, number>;
}

export function kernelKey(spec: KernelSpec): string {
  const constants = Object.entries(spec.constants ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return `${spec.shader}:${spec.entryPoint}(${constants})`;
}

export class KernelCache {
  private modules = new Map<string, Promise<GPUShaderModule>>();
  private pipelines = new Map<string, Promise<GPUComputePipeline>>();

  constructor(private device: GPUDevice) {}

  get size(): number {
    return this.pipelines.size;
  }

  /** The pipeline for a spec, built with createComputePipelineAsync the first time it is asked for. */
  pipeline(spec: KernelSpec): Promise<GPUComputePipeline> {
    const key = kernelKey(spec);
    let pipeline = this.pipelines.get(key);
    if (!pipeline) {
      pipeline = this.build(spec, key);
      this.pipelines.set(key, pipeline);
      pipeline.catch(() => this.pipelines.delete(key));
    }
    return pipeline;
  }

  private module(shader: string, code: string): Promise<GPUShaderModule> {
    let module = this.modules.get(shader);
    if (!module) {
      module = this.compile(shader, code);
      this.modules.set(shader, module);
      module.catch(() => this.modules.delete(shader));
    }
    return module;
  }

  private async compile(shader: string, code: string): Promise<GPUShaderModule> {
    const module = this.device.createShaderModule({ label: `${shader}.wgsl`, code });
    const info = await module.getCompilationInfo();
    const errors = info.messages.filter((m) => m.type === 'error');
    if (errors.length > 0) {
      throw new ShaderCompileError(`${shader}.wgsl`, errors.map((m) => ({ message: m.message, lineNum: m.lineNum, linePos: m.linePos })));
    }
    return module;
  }

  private async build(spec: KernelSpec, key: string): Promise<GPUComputePipeline> {
    const module = await this.module(spec.shader, spec.code);
    try {
      return await this.device.createComputePipelineAsync({
        label: key,
        layout: 'auto',
        compute: { module, entryPoint: spec.entryPoint, constants: spec.constants },
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(`Could not build pipeline ${key}: ${message}`);
    }
  }
}
