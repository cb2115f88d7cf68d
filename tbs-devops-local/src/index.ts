// The package's public surface: the local cloud, its stand-ins and the template engine it is built on.
export * from './cloud/index';
export * from './standins/index';
export * from './template/index';
