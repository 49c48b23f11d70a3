/**
 * TypeScript's compiler API for the front end, and the standard library declaration files its
 * checker needs (Array, Float64Array, Math), both from ts-morph's common package.
 *
 * Loaded with `require`, not `import`: Node imports a CommonJS module into an ES module only
 * after scanning its whole source for export names (cjs-module-lexer), which for this 3 MB
 * package cost more than loading it (~130 ms of a ~600 ms command-line compile). ts-morph's
 * wrapper library (the Project classes) is not loaded at all: the front end walks TypeScript's
 * own nodes.
 *
 * `ts` is the API object as a value, and a namespace of the compiler's types the front end
 * names (`ts.Node`, `ts.SourceFile`, …): add a line below when a file needs another one.
 */
import { createRequire } from 'node:module';
import type { ts as TS } from '@ts-morph/common';

const require = createRequire(import.meta.url);
// The compiler alone; the rest of the package (3 MB, mostly the lib texts) only for a checker.
const compiler = require('@ts-morph/common/dist/typescript.js') as typeof TS;

export const ts: typeof TS = compiler;

// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace ts {
  export type AccessorDeclaration = TS.AccessorDeclaration;
  export type ArrayLiteralExpression = TS.ArrayLiteralExpression;
  export type ArrowFunction = TS.ArrowFunction;
  export type AwaitExpression = TS.AwaitExpression;
  export type BigIntLiteral = TS.BigIntLiteral;
  export type BinaryExpression = TS.BinaryExpression;
  export type BindingElement = TS.BindingElement;
  export type BindingName = TS.BindingName;
  export type Block = TS.Block;
  export type BreakOrContinueStatement = TS.BreakOrContinueStatement;
  export type CallExpression = TS.CallExpression;
  export type ClassDeclaration = TS.ClassDeclaration;
  export type ClassElement = TS.ClassElement;
  export type ClassExpression = TS.ClassExpression;
  export type ClassLikeDeclaration = TS.ClassLikeDeclaration;
  export type ClassStaticBlockDeclaration = TS.ClassStaticBlockDeclaration;
  export type CompilerHost = TS.CompilerHost;
  export type CompilerOptions = TS.CompilerOptions;
  export type ConditionalExpression = TS.ConditionalExpression;
  export type ConstructorDeclaration = TS.ConstructorDeclaration;
  export type DeleteExpression = TS.DeleteExpression;
  export type Diagnostic = TS.Diagnostic;
  export type DoStatement = TS.DoStatement;
  export type ElementAccessExpression = TS.ElementAccessExpression;
  export type EnumDeclaration = TS.EnumDeclaration;
  export type ExportAssignment = TS.ExportAssignment;
  export type ExportDeclaration = TS.ExportDeclaration;
  export type ExportSpecifier = TS.ExportSpecifier;
  export type Expression = TS.Expression;
  export type ExpressionStatement = TS.ExpressionStatement;
  export type ForInOrOfStatement = TS.ForInOrOfStatement;
  export type ForStatement = TS.ForStatement;
  export type FunctionDeclaration = TS.FunctionDeclaration;
  export type FunctionExpression = TS.FunctionExpression;
  export type Identifier = TS.Identifier;
  export type IfStatement = TS.IfStatement;
  export type ImportAttributes = TS.ImportAttributes;
  export type ImportDeclaration = TS.ImportDeclaration;
  export type ImportEqualsDeclaration = TS.ImportEqualsDeclaration;
  export type LabeledStatement = TS.LabeledStatement;
  export type MetaProperty = TS.MetaProperty;
  export type MethodDeclaration = TS.MethodDeclaration;
  export type ModifierFlags = TS.ModifierFlags;
  export type ModifierLike = TS.ModifierLike;
  export type ModuleDeclaration = TS.ModuleDeclaration;
  export type ModuleExportName = TS.ModuleExportName;
  export type ModuleKind = TS.ModuleKind;
  export type ModuleResolutionHost = TS.ModuleResolutionHost;
  export type ModuleResolutionKind = TS.ModuleResolutionKind;
  export type NewExpression = TS.NewExpression;
  export type NoSubstitutionTemplateLiteral = TS.NoSubstitutionTemplateLiteral;
  export type Node = TS.Node;
  export type NodeArray<T extends TS.Node> = TS.NodeArray<T>;
  export type NodeFlags = TS.NodeFlags;
  export type NumericLiteral = TS.NumericLiteral;
  export type ObjectLiteralElementLike = TS.ObjectLiteralElementLike;
  export type ObjectLiteralExpression = TS.ObjectLiteralExpression;
  export type ParameterDeclaration = TS.ParameterDeclaration;
  export type ParenthesizedExpression = TS.ParenthesizedExpression;
  export type ParseConfigHost = TS.ParseConfigHost;
  export type PostfixUnaryExpression = TS.PostfixUnaryExpression;
  export type PrefixUnaryExpression = TS.PrefixUnaryExpression;
  export type PrivateIdentifier = TS.PrivateIdentifier;
  export type Program = TS.Program;
  export type PropertyAccessExpression = TS.PropertyAccessExpression;
  export type PropertyDeclaration = TS.PropertyDeclaration;
  export type PropertyName = TS.PropertyName;
  export type RegularExpressionLiteral = TS.RegularExpressionLiteral;
  export type ReturnStatement = TS.ReturnStatement;
  export type ScriptKind = TS.ScriptKind;
  export type ScriptTarget = TS.ScriptTarget;
  export type SignatureDeclaration = TS.SignatureDeclaration;
  export type SourceFile = TS.SourceFile;
  export type SpreadElement = TS.SpreadElement;
  export type Statement = TS.Statement;
  export type StringLiteral = TS.StringLiteral;
  export type StringLiteralType = TS.StringLiteralType;
  export type SwitchStatement = TS.SwitchStatement;
  export type Symbol = TS.Symbol;
  export type SymbolFlags = TS.SymbolFlags;
  export type SyntaxKind = TS.SyntaxKind;
  export type TaggedTemplateExpression = TS.TaggedTemplateExpression;
  export type TemplateHead = TS.TemplateHead;
  export type TemplateLiteral = TS.TemplateLiteral;
  export type TemplateMiddle = TS.TemplateMiddle;
  export type TemplateTail = TS.TemplateTail;
  export type ThrowStatement = TS.ThrowStatement;
  export type TryStatement = TS.TryStatement;
  export type TupleType = TS.TupleType;
  export type Type = TS.Type;
  export type TypeChecker = TS.TypeChecker;
  export type TypeFlags = TS.TypeFlags;
  export type TypeFormatFlags = TS.TypeFormatFlags;
  export type TypeNode = TS.TypeNode;
  export type TypeOfExpression = TS.TypeOfExpression;
  export type TypeReference = TS.TypeReference;
  export type UnionType = TS.UnionType;
  export type VariableDeclarationList = TS.VariableDeclarationList;
  export type VariableStatement = TS.VariableStatement;
  export type VoidExpression = TS.VoidExpression;
  export type WhileStatement = TS.WhileStatement;
  export type WithStatement = TS.WithStatement;
  export type YieldExpression = TS.YieldExpression;
}

let libs: Map<string, string> | undefined;

/** The lib files by name (`lib.es2022.d.ts` → text), unpacked on first use. */
export function libFiles(): Map<string, string> {
  const common = require('@ts-morph/common') as { getLibFiles(): { fileName: string; text: string }[] };
  libs ??= new Map(common.getLibFiles().map((f) => [f.fileName, f.text]));
  return libs;
}
