// The judge's settings (URL, key, model, limits) are read and validated with every other setting
// in @teachback/config (`loadSettings().judge`, undefined when no URL is set).
export { JudgeSettings as JudgeConfig, type JudgeSettingsInput as JudgeConfigInput } from '@teachback/config';
