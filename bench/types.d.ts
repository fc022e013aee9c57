// Types the bench's dependencies lack.
declare module 'autocannon';
