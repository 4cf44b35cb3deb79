import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ConfigProvider, App as AntApp, theme } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { Locale } from '../api/types';

/**
 * Two languages, Chinese first. Strings live next to the code that shows them as `t('中文', 'English')`,
 * so a screen can never show a key instead of words, and both languages are written together.
 */
interface I18n {
  lang: Locale;
  setLang: (lang: Locale) => void;
  t: (zh: string, en: string) => string;
  /** Picks the language of a `{zh, en}` label (falls back to Chinese). */
  label: (l: { zh: string; en?: string | null } | null | undefined) => string;
  /** A name with an optional English variant (nameZh / nameEn pairs from the API). */
  name: (zh: string | null | undefined, en?: string | null) => string;
}

const LANG_KEY = 'luodi.lang';
const Ctx = createContext<I18n | null>(null);

export function initialLang(): Locale {
  const saved = localStorage.getItem(LANG_KEY);
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return 'zh-CN';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Locale>(initialLang);
  const setLang = useCallback((l: Locale) => {
    localStorage.setItem(LANG_KEY, l);
    setLangState(l);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
    dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  }, [lang]);
  const value = useMemo<I18n>(() => {
    const en = lang === 'en';
    return {
      lang,
      setLang,
      t: (zh, english) => (en ? english : zh),
      label: (l) => (l ? (en && l.en ? l.en : l.zh) : ''),
      name: (zh, english) => (en && english ? english : (zh ?? '')),
    };
  }, [lang, setLang]);
  return (
    <Ctx.Provider value={value}>
      <ConfigProvider
        locale={lang === 'en' ? enUS : zhCN}
        theme={{
          algorithm: theme.defaultAlgorithm,
          token: { colorPrimary: '#b5282e', borderRadius: 6, fontSize: 14 },
          components: { Layout: { headerBg: '#ffffff', siderBg: '#1f2329' }, Menu: { darkItemBg: '#1f2329', darkSubMenuItemBg: '#16191d' } },
        }}
      >
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </Ctx.Provider>
  );
}

export function useI18n(): I18n {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
