// Where the Demo's session shows itself to the app's frame once its module has loaded (it comes with the Demo page's
// chunk), so the frame can name a failed run on other pages without loading the Demo's code up front.
import type { DemoSession } from './demo-session.svelte';

export const demoSlot = $state<{ session: DemoSession | null }>({ session: null });
