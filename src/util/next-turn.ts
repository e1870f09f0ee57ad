// A turn of the event loop: steps that resolve without leaving the microtask queue (the cpu engine's) let no message
// or signal in until one. A message port, not a timer (browsers clamp nested timers); Node and workers have it.
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}
