import { useState } from 'preact/hooks';
import { nextPageQuery, type Schemas } from '../../../src/client/index.js';
import { problemText } from '../api.js';
import { PageHeading, ProblemAlert } from '../components.js';
import { useConsole } from '../context.js';
import { dateTime } from '../format.js';
import { usePolled } from '../poll.js';
import { href, type Location, navigate } from '../router.js';

const PAGE_SIZE = 50;

export function StockPage({ location }: { location: Location }) {
  const { api } = useConsole();
  const after = location.query.get('after') ?? undefined;
  const list = usePolled(`stock?${after ?? ''}`, () => api.GET('/inventory', { params: { query: { limit: PAGE_SIZE, after } } }), 5000);
  const next = nextPageQuery(list.response?.headers.get('link') ?? null)?.get('after');
  return (
    <>
      <PageHeading>Stock</PageHeading>
      <NewSku onSaved={(sku) => navigate('/stock', { after: undefined, sku })} />
      <ProblemAlert text={list.error} />
      <table class="stock">
        <caption>SKUs{after ? ` after ${after}` : ''}</caption>
        <thead>
          <tr>
            <th scope="col">SKU</th>
            <th scope="col" class="number">
              On hand
            </th>
            <th scope="col" class="number">
              Reserved
            </th>
            <th scope="col" class="number">
              Available
            </th>
            <th scope="col">Updated</th>
            <th scope="col">Set on hand</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.map((stock) => (
            <StockRow key={stock.sku} stock={stock} onSaved={list.refresh} />
          ))}
        </tbody>
      </table>
      <nav class="pager" aria-label="Pages">
        {after && <a href={href('/stock')}>First page</a>}
        {next && (
          <a href={href('/stock', { after: next })} rel="next">
            Next page
          </a>
        )}
      </nav>
    </>
  );
}

/**
 * One SKU, with a form that sets its on-hand count at the main location (what PUT /inventory/{sku}
 * sets); a refusal (below what is reserved there) says why. The columns are the sums over locations.
 */
function StockRow({ stock, onSaved }: { stock: Schemas['Stock']; onSaved(): Promise<void> }) {
  const { api, unauthorized } = useConsole();
  const atMain = stock.locations.find((l) => l.location === 'main')?.on_hand ?? 0;
  const [refusal, setRefusal] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = `on-hand-${stock.sku}`;
  const save = async (event: Event) => {
    event.preventDefault();
    const value = Number(new FormData(event.currentTarget as HTMLFormElement).get('on_hand'));
    setBusy(true);
    setRefusal(undefined);
    try {
      const { error, response } = await api.PUT('/inventory/{sku}', { params: { path: { sku: stock.sku } }, body: { on_hand: value } });
      if (response.status === 401) return unauthorized();
      if (error !== undefined) setRefusal(problemText(error, response));
      await onSaved();
    } catch (error) {
      setRefusal(problemText(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr data-sku={stock.sku}>
      <th scope="row">{stock.sku}</th>
      <td class="number">{stock.on_hand}</td>
      <td class="number">{stock.reserved}</td>
      <td class="number">{stock.available}</td>
      <td>{dateTime(stock.updated_at)}</td>
      <td>
        <form onSubmit={save} class="inline">
          <label for={id} class="visually-hidden">
            On hand for {stock.sku}
          </label>
          {stock.locations.some((l) => l.location !== 'main') && <span class="hint">at main </span>}
          <input id={id} name="on_hand" type="number" min={0} max={1000000000} required size={8} defaultValue={String(atMain)} />
          <button type="submit" disabled={busy}>
            Save
          </button>
        </form>
        <ProblemAlert text={refusal} />
      </td>
    </tr>
  );
}

function NewSku({ onSaved }: { onSaved(sku: string): void }) {
  const { api, unauthorized } = useConsole();
  const [refusal, setRefusal] = useState<string>();
  const add = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const sku = String(form.get('sku') ?? '').trim();
    setRefusal(undefined);
    try {
      const { error, response } = await api.PUT('/inventory/{sku}', { params: { path: { sku } }, body: { on_hand: Number(form.get('on_hand')) } });
      if (response.status === 401) return unauthorized();
      if (error !== undefined) return setRefusal(problemText(error, response));
      onSaved(sku);
    } catch (error) {
      setRefusal(problemText(error));
    }
  };
  return (
    <form class="filters" onSubmit={add} aria-label="Stock a SKU">
      <label>
        SKU
        <input name="sku" required pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,63}" />
      </label>
      <label>
        On hand
        <input name="on_hand" type="number" min={0} required size={8} />
      </label>
      <button type="submit">Set stock</button>
      <ProblemAlert text={refusal} />
    </form>
  );
}
