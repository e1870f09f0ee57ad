// gpu tier: every test file gets Dawn as navigator.gpu, exactly like the browser's.
import { installDawn } from '../../src/gpu/node-gpu';

installDawn();
