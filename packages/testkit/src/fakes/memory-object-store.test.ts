import { describeObjectStoreContract } from '../contracts/object-store-contract.ts';
import { createMemoryObjectStore } from './memory-object-store.ts';

describeObjectStoreContract('memory', async () => ({ instance: createMemoryObjectStore(), cleanup: async () => {} }));
