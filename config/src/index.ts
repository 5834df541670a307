export * from './playbooks';
