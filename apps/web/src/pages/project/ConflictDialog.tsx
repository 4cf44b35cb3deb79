import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, App, Button, Grid, Modal, Space, Table, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import type { Project } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { useErrorText } from '../../components/QueryState';
import { fetchProject, projectKeys } from './queries';
import { isStale } from './formErrors';

export interface ConflictRowView {
  key: string;
  label: string;
  mine: ReactNode;
  theirs: ReactNode;
  changedByMe: boolean;
  changedByThem: boolean;
}

/** A change the server refused with 409 STALE_VERSION, and how to compare and re-apply it. */
export interface Conflict {
  what: 'edit' | 'stage';
  /** Rows where the user's change and the server's current copy differ. */
  compare: (current: Project) => ConflictRowView[];
  /** Sends the user's change again on top of `current` (with its version). */
  reapply: (current: Project) => Promise<unknown>;
  /** Closes the form the change came from (its local edit is dropped). */
  closeSource: () => void;
}

/**
 * 「其他人已修改此项目」: reload (drop the local change) or compare the change with the current copy, then
 * re-apply it on the new version or discard it.
 */
export function ConflictDialog({ projectId, conflict, onClose }: { projectId: string; conflict: Conflict | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const qc = useQueryClient();
  const screens = Grid.useBreakpoint();
  const [current, setCurrent] = useState<Project | null>(null);
  const [busy, setBusy] = useState<'reload' | 'compare' | 'reapply' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refreshed, setRefreshed] = useState(false);
  const compareButton = useRef<HTMLButtonElement>(null);
  const reapplyButton = useRef<HTMLButtonElement>(null);

  // Keyboard users land on the main choice: 对比 first, then 重新提交 once the comparison shows.
  useEffect(() => {
    if (current) setTimeout(() => reapplyButton.current?.focus(), 0);
  }, [current]);

  useEffect(() => {
    if (!conflict) {
      setCurrent(null);
      setError(null);
      setBusy(null);
      setRefreshed(false);
    }
  }, [conflict]);

  const loadCurrent = async () => {
    const fresh = await fetchProject(projectId);
    qc.setQueryData(projectKeys.detail(projectId), fresh);
    setCurrent(fresh);
    return fresh;
  };

  const reload = async () => {
    setBusy('reload');
    try {
      await qc.invalidateQueries({ queryKey: projectKeys.all(projectId) });
      conflict?.closeSource();
      onClose();
      message.info(t('已加载最新版本，您的修改未保存。', 'The latest version is loaded; your change was not saved.'));
    } finally {
      setBusy(null);
    }
  };

  const compare = async () => {
    setBusy('compare');
    setError(null);
    try {
      await loadCurrent();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const reapply = async () => {
    if (!conflict || !current) return;
    setBusy('reapply');
    setError(null);
    try {
      await conflict.reapply(current);
      message.success(t('已在最新版本上保存您的修改。', 'Your change is saved on top of the latest version.'));
      conflict.closeSource();
      onClose();
    } catch (e) {
      if (isStale(e)) {
        try {
          await loadCurrent();
          setRefreshed(true);
        } catch (inner) {
          setError(errorText(inner));
        }
      } else setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const discard = async () => {
    conflict?.closeSource();
    onClose();
    await qc.invalidateQueries({ queryKey: projectKeys.all(projectId) });
  };

  const rows = conflict && current ? conflict.compare(current) : [];
  const what = conflict?.what === 'stage' ? t('阶段变更', 'stage change') : t('编辑', 'edit');

  return (
    <Modal
      open={!!conflict}
      title={t('其他人已修改此项目', 'Someone else changed this project')}
      onCancel={onClose}
      mask={{ closable: false }}
      width={current ? (screens.md ? 760 : '100%') : 520}
      destroyOnHidden
      modalRender={(node) => <div data-testid="conflict-dialog">{node}</div>}
      afterOpenChange={(open) => open && compareButton.current?.focus()}
      footer={
        current ? (
          <Space wrap>
            <Button onClick={() => void discard()} disabled={!!busy}>
              {t('放弃我的修改', 'Discard my change')}
            </Button>
            <Button ref={reapplyButton} type="primary" loading={busy === 'reapply'} onClick={() => void reapply()} data-testid="conflict-reapply">
              {t('在最新版本上重新提交', 'Re-apply on the latest version')}
            </Button>
          </Space>
        ) : (
          <Space wrap>
            <Button onClick={() => void reload()} loading={busy === 'reload'} disabled={busy === 'compare'} data-testid="conflict-reload">
              {t('重新加载', 'Reload')}
            </Button>
            <Button ref={compareButton} type="primary" onClick={() => void compare()} loading={busy === 'compare'} disabled={busy === 'reload'} data-testid="conflict-compare">
              {t('对比', 'Compare')}
            </Button>
          </Space>
        )
      }
    >
      {!current && (
        <Typography.Paragraph>
          {t(
            `在您${what}期间，有人保存了此项目的新版本，所以您的修改没有保存。您可以重新加载最新版本（放弃您的修改），或对比两者后在最新版本上重新提交。`,
            `While you were making your ${what}, someone saved a newer version of this project, so your change was not saved. Reload the latest version (dropping your change), or compare the two and re-apply your change on the latest version.`,
          )}
        </Typography.Paragraph>
      )}
      {current && (
        <>
          {refreshed && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('刚才又有新的修改，对比已按最新版本刷新。', 'Another change arrived just now; the comparison shows the newest version.')}
            />
          )}
          <Typography.Paragraph type="secondary">
            {t(
              `当前版本：第 ${current.version} 版。重新提交只会发送您改动过的字段，其他人对其余字段的修改会保留。`,
              `Current version: ${current.version}. Re-applying sends only the fields you changed; the other person's changes to the other fields are kept.`,
            )}
          </Typography.Paragraph>
          {rows.length === 0 ? (
            <Alert
              type="info"
              showIcon
              title={t('您的修改与当前版本没有冲突的字段，可以直接重新提交。', 'Your change and the current version do not differ in any field; you can re-apply it as is.')}
            />
          ) : (
            <Table<ConflictRowView>
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={rows}
              scroll={{ x: 640 }}
              columns={[
                { title: t('字段', 'Field'), dataIndex: 'label', width: 140 },
                {
                  title: t('您的值', 'Your value'),
                  dataIndex: 'mine',
                  render: (v: ReactNode, r) => (
                    <Space orientation="vertical" size={2}>
                      <span>{v}</span>
                      {r.changedByMe && <Tag color="blue">{t('您修改了', 'Changed by you')}</Tag>}
                    </Space>
                  ),
                },
                {
                  title: t('当前值（他人）', 'Current value (theirs)'),
                  dataIndex: 'theirs',
                  render: (v: ReactNode, r) => (
                    <Space orientation="vertical" size={2}>
                      <span>{v}</span>
                      {r.changedByThem && <Tag color="orange">{t('他人修改了', 'Changed by someone else')}</Tag>}
                    </Space>
                  ),
                },
                {
                  title: t('重新提交后', 'After re-applying'),
                  key: 'result',
                  render: (_: unknown, r) => <Typography.Text strong>{r.changedByMe ? r.mine : r.theirs}</Typography.Text>,
                },
              ]}
            />
          )}
        </>
      )}
      {error && <Alert type="error" showIcon role="alert" style={{ marginTop: 12 }} title={error} />}
    </Modal>
  );
}
