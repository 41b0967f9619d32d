import { Layout } from './layout.js';
import { renderDocument } from './render.js';
import { sitePath, type SiteContext } from './site-context.js';

const HEADINGS: Record<number, string> = {
  400: '请求有误',
  404: '页面不存在',
  500: '服务器出错了',
};

export interface ErrorPageProps {
  site: SiteContext;
  status: number;
  /** Shown to the reader; never an internal error message. */
  message: string;
}

/** The reader-facing error page (400, 404, 500), in Chinese. */
export function ErrorPage({ site, status, message }: ErrorPageProps) {
  const heading = HEADINGS[status] ?? (status >= 500 ? HEADINGS[500] : HEADINGS[400]) ?? '出错了';
  return (
    <Layout site={site} activeSection={null} meta={{ title: heading, robots: 'noindex' }}>
      <section class="error-page">
        <p class="error-status">{status}</p>
        <h1>{heading}</h1>
        <p>{message}</p>
        <p>
          <a href={sitePath(site, '/')}>返回首页</a>
        </p>
      </section>
    </Layout>
  );
}

/** The error page as a complete HTML document. */
export function renderErrorPage(site: SiteContext, status: number, message: string): string {
  return renderDocument(<ErrorPage site={site} status={status} message={message} />);
}
