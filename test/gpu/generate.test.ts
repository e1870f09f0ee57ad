import { GQA_CASE, NANO_CASE, decodeOpsSuite, generateSuite } from '../shared/generate';

// Odd shapes: chunks (a thread per query) and single tokens (a workgroup per query, keys past one 64-key block), GQA, a padding slot.
decodeOpsSuite({ M: 3, Tq: 5, H: 4, KVH: 2, hd: 34, S: 80, V: 301 });
decodeOpsSuite({ M: 3, Tq: 70, H: 2, KVH: 1, hd: 128, S: 80, V: 7 });
decodeOpsSuite({ M: 3, Tq: 1, H: 4, KVH: 2, hd: 80, S: 80, V: 301 }); // decode: a workgroup per query, 2 dims per thread
decodeOpsSuite({ M: 1, Tq: 1, H: 3, KVH: 3, hd: 8, S: 16, V: 50 });

generateSuite([NANO_CASE, GQA_CASE]);
