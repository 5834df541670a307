export * from './call-log';
export * from './report-format';
export * from './server';
export * from './sftp';
export * from './wsdl-contract';
