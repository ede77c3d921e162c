// Adding or editing an LLM provider: start from a preset, the key is write-only (shown masked once stored).
import { useEffect, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { CreateLlmProviderBody, LlmProviderKind, LlmProviderOptions, LlmProviderResponse, UpdateLlmProviderBody } from '@xcr/contracts/api/index';
import { useApi } from '../../api/session.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Dialog } from '../../components/ui/dialog.tsx';
import { CheckboxField, SelectField, TextField } from '../../components/ui/field.tsx';
import { ErrorMessage } from '../../components/ui/misc.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

const kinds: readonly LlmProviderKind[] = ['openai-compatible', 'anthropic', 'gemini', 'ernie'];

function numberOrUndefined(text: string): number | undefined {
  const value = Number(text);
  return text.trim() === '' || !Number.isFinite(value) ? undefined : value;
}

/** The provider dialog; `provider` null creates a new one. */
export function ProviderDialog({ isOpen, provider, onClose, onSaved }: { isOpen: boolean; provider: LlmProviderResponse | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const presets = useQuery({ queryKey: ['llm-presets'], queryFn: () => api.llmProviders.presets(), enabled: isOpen, staleTime: Infinity });
  const [preset, setPreset] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<LlmProviderKind>('openai-compatible');
  const [baseUrl, setBaseUrl] = useState('');
  const [model, setModel] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [isKeyRemoved, setKeyRemoved] = useState(false);
  const [timeoutMs, setTimeoutMs] = useState('');
  const [temperature, setTemperature] = useState('');
  const [maxTokens, setMaxTokens] = useState('');
  const [concurrency, setConcurrency] = useState('');
  const [rpm, setRpm] = useState('');
  const [isDefault, setDefault] = useState(false);
  const [isEnabled, setEnabled] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);

  useEffect(() => {
    if (!isOpen) return;
    setPreset(provider?.preset ?? '');
    setName(provider?.name ?? '');
    setKind(provider?.kind ?? 'openai-compatible');
    setBaseUrl(provider?.base_url ?? '');
    setModel(provider?.model ?? '');
    setApiKey('');
    setKeyRemoved(false);
    const o = provider?.options;
    setTimeoutMs(o?.timeout_ms?.toString() ?? '');
    setTemperature(o?.temperature?.toString() ?? '');
    setMaxTokens(o?.max_tokens?.toString() ?? '');
    setConcurrency(o?.concurrency?.toString() ?? '');
    setRpm(o?.rpm?.toString() ?? '');
    setDefault(provider?.is_default ?? false);
    setEnabled(provider?.is_enabled ?? true);
    setError(null);
  }, [isOpen, provider]);

  function choosePreset(value: string): void {
    setPreset(value);
    const found = presets.data?.items.find((p) => p.name === value);
    if (!found) return;
    setKind(found.kind);
    setBaseUrl(found.base_url);
    if (found.model) setModel(found.model);
    if (!name) setName(found.name);
  }

  async function onSubmit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const options: LlmProviderOptions = {
      ...(provider?.options.headers ? { headers: provider.options.headers } : {}),
      timeout_ms: numberOrUndefined(timeoutMs),
      temperature: numberOrUndefined(temperature),
      max_tokens: numberOrUndefined(maxTokens),
      concurrency: numberOrUndefined(concurrency),
      rpm: numberOrUndefined(rpm),
    };
    for (const key of Object.keys(options) as Array<keyof LlmProviderOptions>) if (options[key] === undefined) delete options[key];
    setBusy(true);
    setError(null);
    try {
      if (provider) {
        const body: UpdateLlmProviderBody = { name, kind, base_url: baseUrl || undefined, model: model || undefined, options, is_default: isDefault, is_enabled: isEnabled, preset: preset || null };
        if (apiKey) body.api_key = apiKey;
        else if (isKeyRemoved) body.api_key = null;
        await api.llmProviders.update(provider.id, body);
      } else {
        const body: Partial<CreateLlmProviderBody> & { name: string } = { name, preset: preset || undefined, kind, base_url: baseUrl || undefined, model: model || undefined, api_key: apiKey || undefined, options, is_default: isDefault, is_enabled: isEnabled };
        await api.llmProviders.create(body);
      }
      onSaved();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      isOpen={isOpen}
      onClose={onClose}
      title={provider ? t('providers.edit') : t('providers.add')}
      size="lg"
      closeLabel={t('common.close')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" form="provider-form" variant="primary" isBusy={isBusy}>{t('common.save')}</Button>
        </>
      }
    >
      <form id="provider-form" onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-4" noValidate>
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField label={t('providers.preset')} value={preset} onChange={(e) => choosePreset(e.target.value)}>
            <option value="">{t('providers.noPreset')}</option>
            {(presets.data?.items ?? []).map((p) => <option key={p.name} value={p.name}>{p.name}</option>)}
          </SelectField>
          <TextField label={t('providers.name')} required value={name} onChange={(e) => setName(e.target.value)} />
          <SelectField label={t('providers.kind')} value={kind} onChange={(e) => setKind(e.target.value as LlmProviderKind)}>
            {kinds.map((k) => <option key={k} value={k}>{k}</option>)}
          </SelectField>
          <TextField label={t('providers.model')} value={model} onChange={(e) => setModel(e.target.value)} />
        </div>
        <TextField label={t('providers.baseUrl')} type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} />
        <TextField label={t('providers.apiKey')} type="password" autoComplete="off" value={apiKey} onChange={(e) => setApiKey(e.target.value)} hint={provider?.has_api_key ? t('providers.keyStored', { masked: provider.api_key_masked ?? '' }) : t('providers.keyHint')} />
        {provider?.has_api_key && <CheckboxField label={t('providers.removeKey')} checked={isKeyRemoved} onChange={(e) => setKeyRemoved(e.target.checked)} />}
        <fieldset className="grid gap-4 sm:grid-cols-3">
          <legend className="mb-2 text-sm font-medium">{t('providers.options')}</legend>
          <TextField label={t('providers.timeout')} type="number" min={1000} value={timeoutMs} onChange={(e) => setTimeoutMs(e.target.value)} />
          <TextField label={t('providers.temperature')} type="number" step="0.1" min={0} max={2} value={temperature} onChange={(e) => setTemperature(e.target.value)} />
          <TextField label={t('providers.maxTokens')} type="number" min={1} value={maxTokens} onChange={(e) => setMaxTokens(e.target.value)} />
          <TextField label={t('providers.concurrency')} type="number" min={1} value={concurrency} onChange={(e) => setConcurrency(e.target.value)} />
          <TextField label={t('providers.rpm')} type="number" min={1} value={rpm} onChange={(e) => setRpm(e.target.value)} />
        </fieldset>
        <div className="flex gap-6">
          <CheckboxField label={t('providers.isDefault')} checked={isDefault} onChange={(e) => setDefault(e.target.checked)} />
          <CheckboxField label={t('providers.isEnabled')} checked={isEnabled} onChange={(e) => setEnabled(e.target.checked)} />
        </div>
        <ErrorMessage error={error} />
      </form>
    </Dialog>
  );
}
