import type { Extraction } from './parse.ts'

/** The extracted values without their evidence: what a person reads, what the CLI prints with --summary. */
export function summarise(f: Extraction) {
  return {
    documentKind: f.documentKind.value,
    verdict: f.verdict.value,
    wrapper: f.wrapper.value,
    council: f.council.value
      ? {
          name: f.council.value.name,
          registerCode: f.council.value.code,
          inferred: f.council.value.inferred,
          ...(f.council.value.inferredFrom ? { inferredFrom: f.council.value.inferredFrom } : {}),
          ...(f.council.value.joint ? { joint: f.council.value.joint } : {}),
        }
      : null,
    councilClues: f.council.value ? [] : f.council.clues,
    reviewType: f.reviewType.value,
    onSite: f.onSite.value,
    onSiteDays: f.onSiteDays.value,
    previousChallenge: f.previousChallenge.value,
    framework: f.framework.value?.code ?? null,
    themes: f.themes.value,
    additionalScope: f.additionalScope.value,
    peers: f.peers.value.map(({ name, title, organisation, kind }) => ({ name, title, organisation, kind })),
    keyRecommendations: f.keyRecommendations.value.map((r) => r.title),
    themeRecommendations: f.themeRecommendations.value,
    themeRecommendationList: f.themeRecommendationList.value.map(({ theme, title, body }) => ({ theme, title, body })),
    principalAdviserContact: f.principalAdviserContact.value,
    recommendationCount: f.recommendationCount.value,
    strengthsNoted: f.strengthsNoted.value,
    progressHighlights: f.progressHighlights.value,
    actionPlan: f.actionPlan.value,
    stats: Object.fromEntries(Object.entries(f.stats).map(([k, v]) => [k, v.value])) as Record<
      keyof Extraction['stats'],
      number | null
    >,
    nextSteps: Object.fromEntries(Object.entries(f.nextSteps).map(([k, v]) => [k, v.value])) as Record<
      keyof Extraction['nextSteps'],
      string | null
    >,
    meeting: f.meeting.value,
  }
}

export type Summary = ReturnType<typeof summarise>
