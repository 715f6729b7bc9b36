import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLspciDisplays } from '../../../../src-main/core/inventory/parse-lspci';
import { expectOnlyParseErrors } from '../telemetry/parser-properties';

// Lines in the layout of pciutils `lspci -mm -nn` (lspci.c show_machine): slot, quoted class,
// vendor, device, optional -rXX/-pXX, quoted subsystem vendor and device. Written for this test.
const listing = [
  '00:00.0 "Host bridge [0600]" "Intel Corporation [8086]" "440FX - 82441FX PMC [Natoma] [1237]" -r02 "Red Hat, Inc. [1af4]" "Qemu virtual machine [1100]"',
  '01:00.0 "VGA compatible controller [0300]" "NVIDIA Corporation [10de]" "AD102 [GeForce RTX 4090] [2684]" -ra1 "NVIDIA Corporation [10de]" "Device [16f4]"',
  '03:00.0 "Display controller [0380]" "Advanced Micro Devices, Inc. [AMD/ATI] [1002]" "Phoenix1 [15bf]" -rc4 "" ""',
  '18:00.0 "3D controller [0302]" "NVIDIA Corporation [10de]" "GH100 [H100 SXM5 80GB] [2330]" -ra1 "NVIDIA Corporation [10de]" "Device [16c1]"',
].join('\n');

describe('parseLspciDisplays', () => {
  it('keeps VGA, 3D and display controllers with their vendor', () => {
    expect(parseLspciDisplays(listing)).toEqual([
      { slot: '01:00.0', vendor: 'nvidia', vendorName: 'NVIDIA Corporation', deviceName: 'AD102 [GeForce RTX 4090]' },
      { slot: '03:00.0', vendor: 'amd', vendorName: 'Advanced Micro Devices, Inc. [AMD/ATI]', deviceName: 'Phoenix1' },
      { slot: '18:00.0', vendor: 'nvidia', vendorName: 'NVIDIA Corporation', deviceName: 'GH100 [H100 SXM5 80GB]' },
    ]);
  });

  it('says "cannot read lspci output" for the default (non -mm) layout', () => {
    expect(() => parseLspciDisplays('01:00.0 VGA compatible controller: NVIDIA Corporation AD102')).toThrowError(/cannot read lspci output/);
  });

  it('only ever fails with "cannot read" on outside text', () => {
    expectOnlyParseErrors(parseLspciDisplays, 'lspci', fc.oneof(fc.string(), fc.array(fc.constantFrom(...listing.split('\n'), '"', '"x [0300]"'), { maxLength: 4 }).map((lines) => lines.join('\n'))));
  });
});
