// The peer for the training benchmark: the same LLaMA model and weighted loss written with TensorFlow.js ops,
// trained with tf.variableGrads and Adam on tfjs's WebGPU backend (same device, same process).
import * as tf from '@tensorflow/tfjs-core';
// The gradients tf.variableGrads needs: tfjs-core registers none until this is imported.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { headDim, type ModelConfig } from '../src/engine/config';
import type { Batch } from '../src/engine';

interface Layer {
  ln1: tf.Variable; qkv: tf.Variable; o: tf.Variable; ln2: tf.Variable; gateup: tf.Variable; down: tf.Variable;
}

export class TfjsLlama {
  private wte: tf.Variable;
  private norm: tf.Variable;
  private layers: Layer[];
  private optimizer: tf.Optimizer;
  private cos: tf.Tensor;
  private sin: tf.Tensor;
  private mask: tf.Tensor;

  constructor(private c: ModelConfig, T: number) {
    const init = (shape: number[]) => tf.variable(tf.randomNormal(shape, 0, 0.02));
    const ones = (n: number) => tf.variable(tf.ones([n]));
    const hd = headDim(c);
    this.wte = init([c.vocabSize, c.dim]);
    this.norm = ones(c.dim);
    this.layers = Array.from({ length: c.nLayers }, () => ({
      ln1: ones(c.dim), qkv: init([(c.nHeads + 2 * c.nKvHeads) * hd, c.dim]), o: init([c.dim, c.dim]),
      ln2: ones(c.dim), gateup: init([2 * c.hiddenDim, c.dim]), down: init([c.dim, c.hiddenDim]),
    }));
    this.optimizer = tf.train.adam(1e-3, 0.9, 0.95, 1e-8);
    // RoPE tables (T, hd/2) and the causal mask (T, T), built once.
    const half = hd / 2;
    const angles = new Float32Array(T * half);
    for (let t = 0; t < T; t++) for (let i = 0; i < half; i++) angles[t * half + i] = t * Math.pow(c.ropeTheta, (-2 * i) / hd);
    const a = tf.tensor2d(angles, [T, half]);
    this.cos = tf.keep(tf.concat([tf.cos(a), tf.cos(a)], 1));
    this.sin = tf.keep(tf.concat([tf.sin(a), tf.sin(a)], 1));
    this.mask = tf.keep(tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([T, T]), -1, 0)), -1e9));
  }

  private rmsnorm(x: tf.Tensor2D, w: tf.Tensor): tf.Tensor2D {
    const ms = tf.mean(tf.square(x), -1, true);
    return tf.mul(tf.mul(x, tf.rsqrt(tf.add(ms, this.c.normEps))), w) as tf.Tensor2D;
  }

  /** x (B, heads, T, hd) → rotate-half RoPE. */
  private rope(x: tf.Tensor4D): tf.Tensor4D {
    const half = x.shape[3] / 2;
    const [x1, x2] = tf.split(x, [half, half], 3);
    const rotated = tf.concat([tf.neg(x2), x1], 3);
    return tf.add(tf.mul(x, this.cos), tf.mul(rotated, this.sin)) as tf.Tensor4D;
  }

  private loss(tokens: tf.Tensor1D, targets: tf.Tensor1D, weights: tf.Tensor1D, B: number, T: number): tf.Scalar {
    const c = this.c;
    const hd = headDim(c);
    const N = B * T;
    const heads = (t: tf.Tensor2D, n: number) => tf.transpose(tf.reshape(t, [B, T, n, hd]), [0, 2, 1, 3]) as tf.Tensor4D;
    let x = tf.gather(this.wte, tokens) as tf.Tensor2D; // (N, C)
    for (const L of this.layers) {
      const qkv = tf.matMul(this.rmsnorm(x, L.ln1), L.qkv, false, true);
      const [q, k, v] = tf.split(qkv, [c.nHeads * hd, c.nKvHeads * hd, c.nKvHeads * hd], 1) as tf.Tensor2D[];
      const rep = c.nHeads / c.nKvHeads;
      const expand = (t: tf.Tensor4D) => (rep === 1 ? t : (tf.reshape(tf.tile(tf.expandDims(t, 2), [1, 1, rep, 1, 1]), [B, c.nHeads, T, hd]) as tf.Tensor4D));
      const qh = this.rope(heads(q, c.nHeads));
      const kh = expand(this.rope(heads(k, c.nKvHeads)));
      const vh = expand(heads(v, c.nKvHeads));
      const scores = tf.add(tf.mul(tf.matMul(qh, kh, false, true), 1 / Math.sqrt(hd)), this.mask);
      const att = tf.matMul(tf.softmax(scores), vh); // (B, H, T, hd)
      const merged = tf.reshape(tf.transpose(att, [0, 2, 1, 3]), [N, c.dim]) as tf.Tensor2D;
      x = tf.add(x, tf.matMul(merged, L.o, false, true));
      const gu = tf.matMul(this.rmsnorm(x, L.ln2), L.gateup, false, true);
      const [g, u] = tf.split(gu, 2, 1);
      x = tf.add(x, tf.matMul(tf.mul(tf.mul(g, tf.sigmoid(g)), u), L.down, false, true));
    }
    const logits = tf.matMul(this.rmsnorm(x, this.norm), this.wte, false, true);
    const ce = tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(targets, c.vocabSize)), -1));
    return tf.div(tf.sum(tf.mul(ce, weights)), tf.sum(weights)) as tf.Scalar;
  }

  /** One Adam step; resolves with the loss once it has been read back. */
  async trainStep(batch: Batch): Promise<number> {
    const { value, grads } = tf.tidy(() => {
      const tokens = tf.tensor1d(batch.tokens, 'int32');
      const targets = tf.tensor1d(batch.targets, 'int32');
      const weights = tf.tensor1d(batch.weights);
      return tf.variableGrads(() => this.loss(tokens, targets, weights, batch.batchSize, batch.seqLen));
    });
    this.optimizer.applyGradients(grads);
    tf.dispose(grads);
    const loss = (await value.data())[0];
    value.dispose();
    return loss;
  }

  dispose(): void {
    tf.dispose([this.wte, this.norm, this.cos, this.sin, this.mask, ...this.layers.flatMap((l) => Object.values(l))]);
    this.optimizer.dispose();
  }
}
