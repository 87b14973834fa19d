export * from './providers/alibaba-cams/signing.js';
export * from './providers/mono-breb/webhooks.js';
