/**
 * Creating a study, or changing one: name, instruments (questionnaires and interview guides, by appendix
 * number and Latvian title), prisons, channels, dates and the disclosure threshold, and the settings of the
 * channels that need them: how paper forms are typed in and settled (with the paper channel), and how many
 * days after summarising an interview its recordings are kept (with the interview channel). A change sends
 * only what was changed; removing something that already has responses is refused by the server (409
 * study.in_use) and its detail is shown.
 */
import { useEffect, useState, type FormEvent, type JSX } from "react";
import { api, CHANNELS, MAX_RECORDING_RETENTION_DAYS, PAPER_RESOLVERS, type InstrumentSummary, type PaperResolver, type Study } from "../api.ts";
import { useCatalog } from "../catalog.tsx";
import { channelLong } from "../format.ts";
import { useT } from "../i18n.tsx";
import { Link, navigate, paths } from "../router.tsx";
import { ActionStatus, FieldMessage, Loadable, setFlash, useAction, useResource } from "../ui.tsx";

interface Draft {
  name: string;
  instruments: string[];
  sites: string[];
  channels: string[];
  opensOn: string;
  closesOn: string;
  disclosureThreshold: string;
  paperDoubleEntry: boolean;
  paperResolver: PaperResolver;
  recordingRetentionDays: string;
}

const FIELDS = ["name", "instruments", "sites", "channels", "opensOn", "closesOn", "disclosureThreshold", "paperDoubleEntry", "paperResolver", "recordingRetentionDays"] as const;

function draftOf(study: Study | undefined): Draft {
  return {
    name: study?.name ?? "",
    instruments: study?.instruments ?? [],
    sites: study?.sites ?? [],
    channels: study?.channels ?? [],
    opensOn: study?.opensOn ?? "",
    closesOn: study?.closesOn ?? "",
    disclosureThreshold: String(study?.disclosureThreshold ?? 5),
    paperDoubleEntry: study?.paperDoubleEntry ?? true,
    paperResolver: study?.paperResolver ?? "third-person",
    recordingRetentionDays: String(study?.recordingRetentionDays ?? MAX_RECORDING_RETENTION_DAYS),
  };
}

export function StudyForm({ studyId }: { studyId?: string }): JSX.Element {
  const study = useResource<Study>(studyId ? `/api/studies/${encodeURIComponent(studyId)}` : null);
  if (!studyId) return <StudyFormBody />;
  return <Loadable resource={study}>{(loaded) => <StudyFormBody study={loaded} />}</Loadable>;
}

function StudyFormBody({ study }: { study?: Study }): JSX.Element {
  const tr = useT();
  const { t, lang } = tr;
  const catalog = useCatalog();
  const [draft, setDraft] = useState<Draft>(() => draftOf(study));
  const [checked, setChecked] = useState(false);
  const action = useAction();
  useEffect(() => setDraft(draftOf(study)), [study]);

  const threshold = Number(draft.disclosureThreshold);
  const retention = Number(draft.recordingRetentionDays);
  const paper = draft.channels.includes("paper");
  const interview = draft.channels.includes("interview");
  const local: Record<(typeof FIELDS)[number], string | null> = {
    name: draft.name.trim() ? null : t("required"),
    instruments: draft.instruments.length ? null : t("pickAtLeastOne"),
    sites: draft.sites.length ? null : t("pickAtLeastOne"),
    channels: draft.channels.length ? null : t("pickAtLeastOne"),
    opensOn: null,
    closesOn: draft.opensOn && draft.closesOn && draft.closesOn < draft.opensOn ? t("datesOrder") : null,
    disclosureThreshold: Number.isInteger(threshold) && threshold >= 1 && threshold <= 100 ? null : t("thresholdRange"),
    paperDoubleEntry: null,
    paperResolver: null,
    // Checked only while the interview channel is ticked: a hidden field cannot hold the form up.
    recordingRetentionDays:
      !interview || (draft.recordingRetentionDays.trim() !== "" && Number.isInteger(retention) && retention >= 1 && retention <= MAX_RECORDING_RETENTION_DAYS)
        ? null
        : t("retentionRange", { max: MAX_RECORDING_RETENTION_DAYS }),
  };
  const shownLocal = (field: (typeof FIELDS)[number]) => (checked ? local[field] : null);
  const error = action.state.kind === "error" ? action.state.error : null;

  const toggle = (list: "instruments" | "sites" | "channels", id: string) =>
    setDraft((d) => ({ ...d, [list]: d[list].includes(id) ? d[list].filter((x) => x !== id) : [...d[list], id] }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (Object.values(local).some(Boolean)) return;
    // Keep the registry's order (appendix numbers, prison list), whatever order the boxes were ticked in.
    const ordered = (ids: string[], order: readonly string[]) => [...ids].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const full = {
      name: draft.name.trim(),
      instruments: ordered(draft.instruments, catalog.instruments.map((i) => i.id)),
      sites: ordered(draft.sites, catalog.sites.map((s) => s.id)),
      channels: ordered(draft.channels, CHANNELS),
      opensOn: draft.opensOn || null,
      closesOn: draft.closesOn || null,
      disclosureThreshold: threshold,
    };
    // The channels' own settings go along when their channel is ticked (the server's defaults otherwise).
    const settings = {
      ...(paper ? { paperDoubleEntry: draft.paperDoubleEntry, ...(draft.paperDoubleEntry ? { paperResolver: draft.paperResolver } : {}) } : {}),
      ...(interview ? { recordingRetentionDays: retention } : {}),
    };
    void action.run(async () => {
      if (!study) {
        const { opensOn, closesOn, ...rest } = full;
        const created = await api<Study>("POST", "/api/studies", {
          ...rest,
          ...(opensOn ? { opensOn } : {}),
          ...(closesOn ? { closesOn } : {}),
          ...settings,
        });
        setFlash(t("saved"));
        navigate(paths.study(created.id));
        return;
      }
      const before = draftOf(study);
      const change: Record<string, unknown> = {};
      const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
      if (full.name !== study.name) change.name = full.name;
      if (!sameSet(full.instruments, before.instruments)) change.instruments = full.instruments;
      if (!sameSet(full.sites, before.sites)) change.sites = full.sites;
      if (!sameSet(full.channels, before.channels)) change.channels = full.channels;
      if (full.opensOn !== study.opensOn) change.opensOn = full.opensOn;
      if (full.closesOn !== study.closesOn) change.closesOn = full.closesOn;
      if (full.disclosureThreshold !== study.disclosureThreshold) change.disclosureThreshold = full.disclosureThreshold;
      if (settings.paperDoubleEntry !== undefined && settings.paperDoubleEntry !== study.paperDoubleEntry) change.paperDoubleEntry = settings.paperDoubleEntry;
      if (settings.paperResolver !== undefined && settings.paperResolver !== study.paperResolver) change.paperResolver = settings.paperResolver;
      if (settings.recordingRetentionDays !== undefined && settings.recordingRetentionDays !== study.recordingRetentionDays) change.recordingRetentionDays = settings.recordingRetentionDays;
      if (Object.keys(change).length > 0) await api<Study>("PATCH", `/api/studies/${encodeURIComponent(study.id)}`, change);
      setFlash(Object.keys(change).length > 0 ? t("saved") : t("nothingChanged"));
      navigate(paths.study(study.id));
    });
  };

  const groups: { title: string; items: InstrumentSummary[] }[] = [
    { title: t("groupQuestionnaires"), items: catalog.instruments.filter((i) => i.kind === "questionnaire") },
    { title: t("groupInterviews"), items: catalog.instruments.filter((i) => i.kind !== "questionnaire") },
  ];

  const describedBy = (field: string, hint?: boolean) => [hint ? `${field}-hint` : "", `${field}-error`].filter(Boolean).join(" ");

  return (
    <section className="c-page" aria-labelledby="study-form-title">
      <div className="c-page__head">
        <h1 id="study-form-title">{study ? t("formEditTitle") : t("formNewTitle")}</h1>
      </div>
      {study && <p className="c-note">{t("inUseNote")}</p>}
      <form className="c-form c-form--wide" onSubmit={submit} noValidate data-testid="study-form">
        <div className="c-field">
          <label htmlFor="study-name">{t("fieldName")}</label>
          <input
            id="study-name"
            type="text"
            value={draft.name}
            maxLength={200}
            aria-invalid={!!shownLocal("name")}
            aria-describedby={describedBy("name", true)}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
            data-testid="study-name"
          />
          <p className="c-field__hint" id="name-hint">
            {t("fieldNameHint")}
          </p>
          <FieldMessage id="name-error" error={error} field="name" local={shownLocal("name")} />
        </div>

        <fieldset className="c-fieldset" aria-describedby="instruments-error">
          <legend>{t("fieldInstruments")}</legend>
          {groups.map((group) => (
            <div key={group.title} className="c-checkgroup">
              <h2 className="c-checkgroup__title">{group.title}</h2>
              {group.items.map((item) => (
                <label key={item.id} className="c-check c-check--instrument">
                  <input type="checkbox" checked={draft.instruments.includes(item.id)} onChange={() => toggle("instruments", item.id)} data-testid={`instrument-${item.id}`} />
                  <span>
                    <span className="c-check__tag">{t("appendixShort", { n: item.appendix })}</span> <span lang="lv">{item.title.lv}</span>
                    {lang !== "lv" && (
                      <span className="c-check__translation" lang={lang}>
                        {item.title[lang]}
                      </span>
                    )}
                  </span>
                </label>
              ))}
            </div>
          ))}
          <FieldMessage id="instruments-error" error={error} field="instruments" local={shownLocal("instruments")} />
        </fieldset>

        <fieldset className="c-fieldset" aria-describedby="sites-error">
          <legend>{t("fieldSites")}</legend>
          <div className="c-checkgrid">
            {catalog.sites.map((site) => (
              <label key={site.id} className="c-check">
                <input type="checkbox" checked={draft.sites.includes(site.id)} onChange={() => toggle("sites", site.id)} data-testid={`site-${site.id}`} />
                <span>{site.name}</span>
              </label>
            ))}
          </div>
          <FieldMessage id="sites-error" error={error} field="sites" local={shownLocal("sites")} />
        </fieldset>

        <fieldset className="c-fieldset" aria-describedby="channels-error">
          <legend>{t("fieldChannels")}</legend>
          <div className="c-checkgrid">
            {CHANNELS.map((channel) => (
              <label key={channel} className="c-check">
                <input type="checkbox" checked={draft.channels.includes(channel)} onChange={() => toggle("channels", channel)} data-testid={`channel-${channel}`} />
                <span>{channelLong(channel, tr)}</span>
              </label>
            ))}
          </div>
          <FieldMessage id="channels-error" error={error} field="channels" local={shownLocal("channels")} />
        </fieldset>

        {paper && (
          <fieldset className="c-fieldset" data-testid="paper-settings">
            <legend>{t("paperSettings")}</legend>
            <label className="c-check">
              <input
                type="checkbox"
                checked={draft.paperDoubleEntry}
                aria-describedby="paperDoubleEntry-hint paperDoubleEntry-error"
                onChange={(e) => setDraft({ ...draft, paperDoubleEntry: e.target.checked })}
                data-testid="study-paper-double"
              />
              <span>
                {t("fieldPaperDoubleEntry")}
                <span className="c-field__hint c-check__hint" id="paperDoubleEntry-hint">
                  {draft.paperDoubleEntry ? t("paperDoubleOnHint") : t("paperDoubleOffHint")}
                </span>
              </span>
            </label>
            <FieldMessage id="paperDoubleEntry-error" error={error} field="paperDoubleEntry" />
            {draft.paperDoubleEntry && (
              <fieldset className="c-subfieldset" aria-describedby="paperResolver-error">
                <legend>{t("fieldPaperResolver")}</legend>
                {PAPER_RESOLVERS.map((resolver) => (
                  <label key={resolver} className="c-check">
                    <input
                      type="radio"
                      name="paper-resolver"
                      value={resolver}
                      checked={draft.paperResolver === resolver}
                      aria-describedby={`resolver-${resolver}-hint`}
                      onChange={() => setDraft({ ...draft, paperResolver: resolver })}
                      data-testid={`study-resolver-${resolver}`}
                    />
                    <span>
                      {t(resolver === "third-person" ? "resolverThird" : "resolverEither")}
                      <span className="c-field__hint c-check__hint" id={`resolver-${resolver}-hint`}>
                        {t(resolver === "third-person" ? "resolverThirdHint" : "resolverEitherHint")}
                      </span>
                    </span>
                  </label>
                ))}
                <FieldMessage id="paperResolver-error" error={error} field="paperResolver" />
              </fieldset>
            )}
          </fieldset>
        )}

        {interview && (
          <fieldset className="c-fieldset" data-testid="interview-settings">
            <legend>{t("interviewSettings")}</legend>
            <div className="c-field c-field--narrow">
            <label htmlFor="study-retention">{t("fieldRetention")}</label>
            <input
              id="study-retention"
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_RECORDING_RETENTION_DAYS}
              step={1}
              value={draft.recordingRetentionDays}
              aria-invalid={!!shownLocal("recordingRetentionDays")}
              aria-describedby={describedBy("recordingRetentionDays", true)}
              onChange={(e) => setDraft({ ...draft, recordingRetentionDays: e.target.value })}
              data-testid="study-retention"
            />
            <p className="c-field__hint" id="recordingRetentionDays-hint">
              {t("retentionHint", { max: MAX_RECORDING_RETENTION_DAYS })}
            </p>
            <FieldMessage id="recordingRetentionDays-error" error={error} field="recordingRetentionDays" local={shownLocal("recordingRetentionDays")} />
            </div>
          </fieldset>
        )}

        <fieldset className="c-fieldset">
          <legend>{t("colPeriod")}</legend>
          <p className="c-field__hint" id="dates-hint">
            {t("datesHint")}
          </p>
          <div className="c-row">
            <div className="c-field">
              <label htmlFor="study-opens">{t("fieldOpensOn")}</label>
              <input id="study-opens" type="date" value={draft.opensOn} aria-describedby="dates-hint opensOn-error" onChange={(e) => setDraft({ ...draft, opensOn: e.target.value })} />
              <FieldMessage id="opensOn-error" error={error} field="opensOn" local={shownLocal("opensOn")} />
            </div>
            <div className="c-field">
              <label htmlFor="study-closes">{t("fieldClosesOn")}</label>
              <input id="study-closes" type="date" value={draft.closesOn} aria-describedby="dates-hint closesOn-error" onChange={(e) => setDraft({ ...draft, closesOn: e.target.value })} />
              <FieldMessage id="closesOn-error" error={error} field="closesOn" local={shownLocal("closesOn")} />
            </div>
          </div>
        </fieldset>

        <div className="c-field c-field--narrow">
          <label htmlFor="study-threshold">{t("fieldThreshold")}</label>
          <input
            id="study-threshold"
            type="number"
            inputMode="numeric"
            min={1}
            max={100}
            step={1}
            value={draft.disclosureThreshold}
            aria-describedby={describedBy("disclosureThreshold", true)}
            onChange={(e) => setDraft({ ...draft, disclosureThreshold: e.target.value })}
            data-testid="study-threshold"
          />
          <p className="c-field__hint" id="disclosureThreshold-hint">
            {t("thresholdHint")}
          </p>
          <FieldMessage id="disclosureThreshold-error" error={error} field="disclosureThreshold" local={shownLocal("disclosureThreshold")} />
        </div>

        <div className="c-actions">
          <button type="submit" className="c-button c-button--primary" disabled={action.busy} data-testid="study-save">
            {study ? t("save") : t("createStudy")}
          </button>
          <Link to={study ? paths.study(study.id) : paths.studies()} className="c-button">
            {t("cancel")}
          </Link>
        </div>
        <ActionStatus state={action.state} busyText={study ? t("saving") : t("creatingStudy")} shownFields={FIELDS} />
      </form>
    </section>
  );
}
