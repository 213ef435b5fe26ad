import {Text as InkText, type TextProps} from 'ink';
import type {ReactElement} from 'react';
import type {Presented} from '../dns/sanitize.js';

/** What a Text may hold: presented text, or further Texts inside it. */
type Child = Presented | ReactElement | false | null | undefined;

/**
 * Ink's Text for presented text only. Ink prints a string child as it is, escape sequences and all; the explorer
 * and the picker draw through this one, so a raw string between its tags is a type error.
 */
export const Text: (props: Omit<TextProps, 'children'> & {readonly children?: Child | readonly Child[]}) => ReturnType<typeof InkText> = InkText;
