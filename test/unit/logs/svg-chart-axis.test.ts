import { renderSvgChart, yAxis } from '../../../src/tools/access-logs/render-svg-chart';

describe('chart y axis', () => {
  it('runs between round values with round ticks', () => {
    expect(yAxis({ yMax: 100 }, [58.3, 66.7])).toMatchObject({ min: 50, max: 100, ticks: [50, 60, 70, 80, 90, 100] });
    expect(yAxis({ yMax: 100, threshold: { value: 99.95, label: '' } }, [99.91, 99.99])).toMatchObject({ min: 99.9, max: 100, decimals: 2, ticks: [99.9, 99.92, 99.94, 99.96, 99.98, 100] });
    expect(yAxis({ fromZero: true }, [12, 401])).toMatchObject({ min: 0, max: 500, ticks: [0, 100, 200, 300, 400, 500] });
    expect(yAxis({ fromZero: true }, [60_000])).toMatchObject({ min: 0, max: 60_000, ticks: [0, 20_000, 40_000, 60_000] });
  });

  it('labels ticks with thousands separators and the unit', () => {
    const svg = renderSvgChart({ id: 'c', title: 't', kind: 'line', points: [{ label: 'a', value: 12_345 }], format: String, unit: 'ms', fromZero: true });
    expect(svg).toContain('>15,000 ms<');
    expect(svg).toContain('>0 ms<');
  });

  it('keeps an empty chart drawable', () => {
    expect(renderSvgChart({ id: 'c', title: 't', kind: 'bar', points: [], format: String, yMax: 100 })).toContain('no data');
  });
});
