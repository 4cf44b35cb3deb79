import { useCallback } from 'react';
import { App } from 'antd';
import { useI18n } from '../../i18n/i18n';

/**
 * Wraps a close or leave action: when there are unsaved edits (`dirty()`), asks before throwing them away.
 */
export function useConfirmDiscard() {
  const { modal } = App.useApp();
  const { t } = useI18n();
  return useCallback(
    (dirty: boolean, proceed: () => void) => {
      if (!dirty) {
        proceed();
        return;
      }
      modal.confirm({
        title: t('放弃未保存的修改？', 'Discard unsaved changes?'),
        content: t('您在此处做的修改尚未保存，离开后将丢失。', 'Your changes here are not saved and will be lost.'),
        okText: t('放弃修改', 'Discard'),
        okButtonProps: { danger: true },
        cancelText: t('继续编辑', 'Keep editing'),
        onOk: proceed,
      });
    },
    [modal, t],
  );
}
