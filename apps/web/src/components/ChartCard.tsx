import { useState, type ReactNode } from 'react';
import { Card, Segmented, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import ReactECharts from 'echarts-for-react';
import type { EChartsOption } from 'echarts';
import { useI18n } from '../i18n/i18n';

/**
 * A chart that can also be read as a table (for screen readers, printing and copying figures): the
 * same rows feed both views.
 */
export function ChartCard<Row extends object>({
  title,
  option,
  columns,
  rows,
  rowKey,
  height = 320,
  extra,
  onChartClick,
  testId,
}: {
  title: ReactNode;
  option: EChartsOption;
  columns: ColumnsType<Row>;
  rows: Row[];
  rowKey: keyof Row & string;
  height?: number;
  extra?: ReactNode;
  onChartClick?: (params: { name?: string; dataIndex?: number; data?: unknown }) => void;
  testId?: string;
}) {
  const { t } = useI18n();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  return (
    <Card
      title={title}
      data-testid={testId}
      extra={
        <span style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
          {extra}
          <Segmented
            size="small"
            value={view}
            onChange={(v) => setView(v as 'chart' | 'table')}
            options={[
              { label: t('图', 'Chart'), value: 'chart' },
              { label: t('表', 'Table'), value: 'table' },
            ]}
            aria-label={t('切换图表或表格', 'Chart or table')}
          />
        </span>
      }
      styles={{ body: { minHeight: height } }}
    >
      {view === 'chart' ? (
        <ReactECharts
          option={option}
          style={{ height }}
          notMerge
          lazyUpdate
          onEvents={onChartClick ? { click: onChartClick } : undefined}
          opts={{ renderer: 'canvas' }}
        />
      ) : (
        <Table<Row> size="small" columns={columns} dataSource={rows} rowKey={rowKey} pagination={false} scroll={{ y: height - 40 }} />
      )}
    </Card>
  );
}
