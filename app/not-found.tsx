import type { Metadata } from 'next';
import { ErrorPage } from '@/components/errors/error-page';

export const metadata: Metadata = { title: 'Not found' };

/** 404: one page for a project, scan or address that does not exist. */
export default function NotFound() {
  return (
    <ErrorPage status={404} title="Nothing here">
      <p>There is no project, scan or page at this address. It may have been mistyped, or the link is out of date.</p>
    </ErrorPage>
  );
}
