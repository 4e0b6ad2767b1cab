export {
  SkillActor,
  DEFAULT_SKILL_POLICY,
  type SkillActorOptions,
  type SkillPolicy,
} from "./skill-actor.js";
export {
  servicesOf,
  requireService,
  servicesNeededBy,
  type ServiceNeed,
  type ServiceNeeds,
  type SkillServices,
  type SkillServiceName,
} from "./services.js";
export {
  findOutput,
  isFormattedMessages,
  isPostOutput,
  isSelectedContent,
  postedMessageIds,
  type FormattedMessages,
  type PostOutput,
  type SelectedContent,
} from "./pipeline-data.js";
export { toJsonSafe } from "./json-safe.js";
export {
  contentHashId,
  contentOf,
  isContentSource,
  normalizeContentItems,
  type ContentItem,
  type ContentItemInput,
  type ContentSource,
} from "./content-item.js";
export { parseContentFile, readContentFile, type ContentFileFormat } from "./content-file.js";
export {
  selectContentSkill,
  selectContent,
  SELECT_CONTENT_DEFAULTS,
  type ContentOrder,
  type SelectContentOptions,
} from "./select-content.js";
export { WEEKDAYS, type Weekday } from "./zoned-time.js";
export {
  timeWindowSkill,
  timeWindow,
  type TimeWindowOptions,
  type TimeWindowOutput,
} from "./time-window.js";
export {
  rateLimitSkill,
  rateLimit,
  type RateLimitOptions,
  type RateLimitOutput,
} from "./rate-limit.js";
export {
  checkEmbeds,
  PLATFORM_LIMITS,
  type EmbedLimits,
  type PlatformLimits,
  type PlatformName,
} from "./platform-limits.js";
export { compileTemplate, TEMPLATE_VARIABLES, type TemplateValues } from "./template.js";
export { splitText } from "@actor/core";
export { formatSkill, format, type FormatOptions } from "./format.js";
export { postSkill, post, type PostSkillOptions } from "./post.js";
export {
  builtInSkills,
  findBuiltInSkill,
  isBuiltInSkillName,
  type BuiltInSkillFactory,
  type BuiltInSkillName,
  type SkillConfigEnv,
} from "./built-in-skills.js";
export { skillId, SkillOutputs } from "./skill-id.js";
export { isSkill, loadSkillModule } from "./load-skill-module.js";
