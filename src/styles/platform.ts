/** Platform-specific global styles: none in weapp; `platform.h5.ts` replaces this file in H5. */
export {}
