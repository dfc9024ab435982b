import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtins } from '../../../src/rego/builtins/net.js';
import { assertFails, assertValue, caller, set, v } from './helpers.js';

const call = caller(builtins);

test('net.cidr_contains checks IPs and whole subnets', () => {
  assertValue(call('net.cidr_contains', ['192.168.0.0/16', '192.168.200.7']), true);
  assertValue(call('net.cidr_contains', ['192.168.0.0/16', '192.169.0.1']), false);
  assertValue(call('net.cidr_contains', ['192.168.0.0/16', '192.168.4.0/22']), true);
  assertValue(call('net.cidr_contains', ['192.168.4.0/22', '192.168.0.0/16']), false);
  assertValue(call('net.cidr_contains', ['fe80::/10', 'fe80::1']), true);
  assertValue(call('net.cidr_contains', ['fe80::/10', '10.0.0.1']), false);
  // An IPv4 address written as v4-in-v6 is the same address.
  assertValue(call('net.cidr_contains', ['10.0.0.0/8', '::ffff:10.2.3.4']), true);
});

test('net.cidr_contains reports malformed input as Go does', () => {
  assertFails(() => call('net.cidr_contains', ['10.0.0.0', '10.0.0.1']), 'builtin', 'invalid CIDR address: 10.0.0.0');
  assertFails(() => call('net.cidr_contains', ['10.0.0.0/8', '10.0.0.256']), 'builtin',
    'not a valid textual representation of an IP address or CIDR: 10.0.0.256');
  assertFails(() => call('net.cidr_contains', ['10.0.0.0/8', 7]), 'type', 'operand 1 must be string but got number');
  assertFails(() => call('net.cidr_contains', ['010.0.0.0/8', '10.0.0.1']), 'builtin', 'invalid CIDR address: 010.0.0.0/8');
});

test('net.cidr_intersects is symmetric', () => {
  assertValue(call('net.cidr_intersects', ['10.0.0.0/8', '10.20.0.0/16']), true);
  assertValue(call('net.cidr_intersects', ['10.20.0.0/16', '10.0.0.0/8']), true);
  assertValue(call('net.cidr_intersects', ['10.0.0.0/16', '10.1.0.0/16']), false);
  assertValue(call('net.cidr_intersects', ['2001:db8::/48', '2001:db8:0:ff::/64']), true);
});

test('net.cidr_contains_matches pairs keys of matching elements', () => {
  assertValue(
    call('net.cidr_contains_matches', [v(['10.0.0.0/8', '192.168.0.0/16']), set('10.1.1.1', '8.8.8.8', '192.168.3.3')]),
    set(v([0, '10.1.1.1']), v([1, '192.168.3.3'])),
  );
  assertValue(
    call('net.cidr_contains_matches', [v({ lan: ['10.0.0.0/8', 'meta'] }), v([['10.9.9.9', 'host']])]),
    set(v(['lan', 0])),
  );
  assertValue(call('net.cidr_contains_matches', ['10.0.0.0/8', '11.0.0.1']), set());
  assertFails(() => call('net.cidr_contains_matches', [v([[]]), '10.0.0.1']), 'builtin',
    'operand 1: element must be string or non-empty array');
});

test('net.cidr_expand lists every address of a network', () => {
  assertValue(call('net.cidr_expand', ['10.0.0.5/31']), set('10.0.0.4', '10.0.0.5'));
  assertValue(call('net.cidr_expand', ['2001:db8::ff/126']), set('2001:db8::fc', '2001:db8::fd', '2001:db8::fe', '2001:db8::ff'));
  assertValue(call('net.cidr_expand', ['0.0.0.0/32']), set('0.0.0.0'));
  assertFails(() => call('net.cidr_expand', ['10.0.0.0/40']), 'builtin', 'invalid CIDR address: 10.0.0.0/40');
});

test('net.cidr_merge joins adjacent and nested networks', () => {
  assertValue(call('net.cidr_merge', [v(['10.0.0.0/25', '10.0.0.128/25', '10.0.0.7/32'])]), set('10.0.0.0/24'));
  assertValue(call('net.cidr_merge', [set('10.0.1.0/24', '10.0.2.0/24')]), set('10.0.1.0/24', '10.0.2.0/24'));
  assertValue(call('net.cidr_merge', [v(['10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24'])]), set('10.0.1.0/24', '10.0.2.0/23'));
  assertValue(call('net.cidr_merge', [v(['2001:db8::/33', '2001:db8:8000::/33'])]), set('2001:db8::/32'));
  assertValue(call('net.cidr_merge', [v([])]), set());
  // A bare IPv4 address takes its classful mask, as Go's DefaultMask gives it.
  assertValue(call('net.cidr_merge', [v(['172.16.5.4'])]), set('172.16.5.4/16'));
  assertFails(() => call('net.cidr_merge', [v(['2001:db8::1'])]), 'builtin', 'IPv6 invalid: needs prefix length');
  assertFails(() => call('net.cidr_merge', [v([1])]), 'builtin', 'element must be string');
});

test('net.cidr_is_valid accepts only well-formed CIDRs', () => {
  assertValue(call('net.cidr_is_valid', ['10.0.0.0/8']), true);
  assertValue(call('net.cidr_is_valid', ['::1/128']), true);
  assertValue(call('net.cidr_is_valid', ['10.0.0.0/33']), false);
  assertValue(call('net.cidr_is_valid', ['1:2:3:4:5:6:7:8:9/64']), false);
  assertValue(call('net.cidr_is_valid', ['10.0.0.1']), false);
  assertValue(call('net.cidr_is_valid', [null]), false);
});

test('net.lookup_ip_addr and net.cidr_overlap carry their flags', () => {
  const lookup = builtins.find((b) => b.name === 'net.lookup_ip_addr')!;
  assert.equal(lookup.network, true);
  assert.equal(builtins.find((b) => b.name === 'net.cidr_overlap')!.deprecated, true);
  assertValue(call('net.cidr_overlap', ['10.0.0.0/8', '10.0.0.1']), true);
});
