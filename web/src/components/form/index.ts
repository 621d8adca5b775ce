export { CheckboxGroup, DateField, FileField, RadioGroup, Select, TextArea, TextField, type Option, type ChoiceOption } from "./fields.tsx";
export { ErrorSummary } from "./ErrorSummary.tsx";
