//! The catalogue of change kinds `diff` reports: one stable kebab-case code each, with what it means on the wire
//! and in the generated crate. This is the one list of them; the README and the fixtures refer to these names.

use serde::Serialize;

/// A kind of change between two revisions of the docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeCode {
    // Docs and operations.
    OperationAdded,
    OperationRemoved,
    MethodChanged,
    PathChanged,
    BodyEncodingChanged,
    BaseUrlChanged,
    OperationRenamed,
    AuthChanged,
    HeaderAdded,
    HeaderRemoved,
    IdempotencyChanged,
    // Request parameters.
    RequiredParamAdded,
    OptionalParamAdded,
    ParamRemoved,
    ParamMadeRequired,
    ParamMadeOptional,
    ParamTypeChanged,
    ParamLocationChanged,
    ParamDefaultChanged,
    ParamRustRenamed,
    ParamOrderChanged,
    RequiredArgsFormChanged,
    ParamEncodingChanged,
    ParamSensitivityChanged,
    // Enums and named types.
    EnumOptionAdded,
    EnumOptionRemoved,
    EnumVariantRenamed,
    TypeRenamed,
    TypeWordChanged,
    // The response.
    ResultTypeChanged,
    FieldAdded,
    FieldRemoved,
    FieldTypeChanged,
    FieldMadeOptional,
    FieldMadeRequired,
    FieldRustRenamed,
    FieldDocRequiredChanged,
    // Documented errors.
    ErrorAdded,
    ErrorRemoved,
    ErrorMessageChanged,
    ErrorStatusChanged,
    ErrorVariantRenamed,
    // Wording.
    TitleChanged,
    DescriptionChanged,
}

impl ChangeCode {
    /// Every code, in the order of this list.
    pub const ALL: &'static [ChangeCode] = &[
        ChangeCode::OperationAdded,
        ChangeCode::OperationRemoved,
        ChangeCode::MethodChanged,
        ChangeCode::PathChanged,
        ChangeCode::BodyEncodingChanged,
        ChangeCode::BaseUrlChanged,
        ChangeCode::OperationRenamed,
        ChangeCode::AuthChanged,
        ChangeCode::HeaderAdded,
        ChangeCode::HeaderRemoved,
        ChangeCode::IdempotencyChanged,
        ChangeCode::RequiredParamAdded,
        ChangeCode::OptionalParamAdded,
        ChangeCode::ParamRemoved,
        ChangeCode::ParamMadeRequired,
        ChangeCode::ParamMadeOptional,
        ChangeCode::ParamTypeChanged,
        ChangeCode::ParamLocationChanged,
        ChangeCode::ParamDefaultChanged,
        ChangeCode::ParamRustRenamed,
        ChangeCode::ParamOrderChanged,
        ChangeCode::RequiredArgsFormChanged,
        ChangeCode::ParamEncodingChanged,
        ChangeCode::ParamSensitivityChanged,
        ChangeCode::EnumOptionAdded,
        ChangeCode::EnumOptionRemoved,
        ChangeCode::EnumVariantRenamed,
        ChangeCode::TypeRenamed,
        ChangeCode::TypeWordChanged,
        ChangeCode::ResultTypeChanged,
        ChangeCode::FieldAdded,
        ChangeCode::FieldRemoved,
        ChangeCode::FieldTypeChanged,
        ChangeCode::FieldMadeOptional,
        ChangeCode::FieldMadeRequired,
        ChangeCode::FieldRustRenamed,
        ChangeCode::FieldDocRequiredChanged,
        ChangeCode::ErrorAdded,
        ChangeCode::ErrorRemoved,
        ChangeCode::ErrorMessageChanged,
        ChangeCode::ErrorStatusChanged,
        ChangeCode::ErrorVariantRenamed,
        ChangeCode::TitleChanged,
        ChangeCode::DescriptionChanged,
    ];

    /// The stable kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeCode::OperationAdded => "operation-added",
            ChangeCode::OperationRemoved => "operation-removed",
            ChangeCode::MethodChanged => "method-changed",
            ChangeCode::PathChanged => "path-changed",
            ChangeCode::BodyEncodingChanged => "body-encoding-changed",
            ChangeCode::BaseUrlChanged => "base-url-changed",
            ChangeCode::OperationRenamed => "operation-renamed",
            ChangeCode::AuthChanged => "auth-changed",
            ChangeCode::HeaderAdded => "header-added",
            ChangeCode::HeaderRemoved => "header-removed",
            ChangeCode::IdempotencyChanged => "idempotency-changed",
            ChangeCode::RequiredParamAdded => "required-param-added",
            ChangeCode::OptionalParamAdded => "optional-param-added",
            ChangeCode::ParamRemoved => "param-removed",
            ChangeCode::ParamMadeRequired => "param-made-required",
            ChangeCode::ParamMadeOptional => "param-made-optional",
            ChangeCode::ParamTypeChanged => "param-type-changed",
            ChangeCode::ParamLocationChanged => "param-location-changed",
            ChangeCode::ParamDefaultChanged => "param-default-changed",
            ChangeCode::ParamRustRenamed => "param-rust-renamed",
            ChangeCode::ParamOrderChanged => "param-order-changed",
            ChangeCode::RequiredArgsFormChanged => "required-args-form-changed",
            ChangeCode::ParamEncodingChanged => "param-encoding-changed",
            ChangeCode::ParamSensitivityChanged => "param-sensitivity-changed",
            ChangeCode::EnumOptionAdded => "enum-option-added",
            ChangeCode::EnumOptionRemoved => "enum-option-removed",
            ChangeCode::EnumVariantRenamed => "enum-variant-renamed",
            ChangeCode::TypeRenamed => "type-renamed",
            ChangeCode::TypeWordChanged => "type-word-changed",
            ChangeCode::ResultTypeChanged => "result-type-changed",
            ChangeCode::FieldAdded => "field-added",
            ChangeCode::FieldRemoved => "field-removed",
            ChangeCode::FieldTypeChanged => "field-type-changed",
            ChangeCode::FieldMadeOptional => "field-made-optional",
            ChangeCode::FieldMadeRequired => "field-made-required",
            ChangeCode::FieldRustRenamed => "field-rust-renamed",
            ChangeCode::FieldDocRequiredChanged => "field-doc-required-changed",
            ChangeCode::ErrorAdded => "error-added",
            ChangeCode::ErrorRemoved => "error-removed",
            ChangeCode::ErrorMessageChanged => "error-message-changed",
            ChangeCode::ErrorStatusChanged => "error-status-changed",
            ChangeCode::ErrorVariantRenamed => "error-variant-renamed",
            ChangeCode::TitleChanged => "title-changed",
            ChangeCode::DescriptionChanged => "description-changed",
        }
    }

    /// What the change is, and how it counts on the wire (`http`) and in the generated crate (`rust`).
    pub fn description(self) -> &'static str {
        match self {
            ChangeCode::OperationAdded => "a section documents a new operation: additive on both surfaces",
            ChangeCode::OperationRemoved => "an operation is gone: breaking on both surfaces",
            ChangeCode::MethodChanged => "the HTTP method changed: breaking on the wire; the Rust method stays",
            ChangeCode::PathChanged => {
                "the path (or an RPC section's selector value) changed: breaking on the wire; the Rust method stays"
            }
            ChangeCode::BodyEncodingChanged => "the body changed between form and JSON: breaking on the wire",
            ChangeCode::BaseUrlChanged => "the doc's base URL changed: breaking on the wire (the default server)",
            ChangeCode::OperationRenamed => {
                "the operation's name changed (often a corrected English title): the Rust method and its request, \
                 error and result types are renamed, breaking in Rust; nothing changes on the wire"
            }
            ChangeCode::AuthChanged => {
                "the credential headers the client sends changed (as both emitters decide them: the access token \
                 under the section's or the doc's name, the session headers the section lists): breaking on the wire \
                 when a credential is added or replaced, additive when one is dropped; breaking in Rust only when \
                 the call now needs a session it did not need"
            }
            ChangeCode::HeaderAdded => {
                "a header that carries no credentials is newly documented (an optional header parameter of the \
                 OpenAPI document; the Rust client sends none of them): additive on the wire"
            }
            ChangeCode::HeaderRemoved => {
                "a header that carries no credentials is no longer documented: breaking on the wire (the server may \
                 stop reading it); nothing changes in Rust"
            }
            ChangeCode::IdempotencyChanged => {
                "whether a call is safe to repeat changed (the doc's words or an override): losing it is breaking on \
                 both surfaces (clients that retried may now repeat an effect; the generated method stops retrying \
                 and following redirects, so a call that rode out a 503 now fails); gaining it is additive on both"
            }
            ChangeCode::RequiredParamAdded => {
                "a new required parameter: breaking on the wire, and in Rust a new argument of `Request::new`, or a \
                 new field of its `Required` struct (none when the client fills it from the path)"
            }
            ChangeCode::OptionalParamAdded => "a new optional parameter: additive on the wire, a new `with_*` setter",
            ChangeCode::ParamRemoved => "a parameter is gone: breaking on the wire and in Rust",
            ChangeCode::ParamMadeRequired => {
                "an optional parameter became required: breaking on the wire, and it moves from a setter to \
                 `Request::new` in Rust"
            }
            ChangeCode::ParamMadeOptional => {
                "a required parameter became optional: additive on the wire, but it leaves `Request::new` for a \
                 setter, breaking in Rust"
            }
            ChangeCode::ParamTypeChanged => {
                "a parameter's type changed (an integer's width too: `int32` and 64 bits): additive on the wire \
                 when the new type accepts every old value, else breaking; breaking in Rust when its Rust type changes"
            }
            ChangeCode::ParamLocationChanged => {
                "a parameter moved between path, query and body: breaking on the wire; the Rust API stays"
            }
            ChangeCode::ParamDefaultChanged => {
                "the platform's default changed: breaking on the wire for callers that omit it; doc only in Rust"
            }
            ChangeCode::ParamRustRenamed => "a parameter's Rust name changed (the wire name did not): breaking in Rust",
            ChangeCode::ParamOrderChanged => {
                "the arguments of `Request::new` changed order (when it takes them positionally): breaking in Rust"
            }
            ChangeCode::RequiredArgsFormChanged => {
                "`Request::new` now takes its required parameters by name in a `Required` struct (two of them have \
                 the same Rust type), or positionally again: nothing on the wire, breaking in Rust"
            }
            ChangeCode::ParamEncodingChanged => {
                "a list parameter's encoding changed (repeated keys, or one key with items joined by `,`, spaces or \
                 `|`): breaking on the wire, since the server reads the list differently; the Rust API stays"
            }
            ChangeCode::ParamSensitivityChanged => {
                "whether a parameter is a secret changed: nothing on the wire; in Rust, becoming one (redacted in \
                 `Debug`, never logged) is additive, and ceasing to be one is breaking (the crate no longer keeps \
                 its promise not to show it)"
            }
            ChangeCode::EnumOptionAdded => {
                "a new enum value: on the wire additive in a request, and additive in a response as well, since the \
                 generated client decodes values it does not know as `Unknown`; in Rust a new variant, breaking \
                 unless the enum is `#[non_exhaustive]`"
            }
            ChangeCode::EnumOptionRemoved => {
                "an enum value is gone: on the wire breaking in a request and additive in a response (it is no \
                 longer sent); in Rust a removed variant, breaking"
            }
            ChangeCode::EnumVariantRenamed => "an enum value's Rust variant was renamed: breaking in Rust",
            ChangeCode::TypeRenamed => {
                "a named enum or object type was renamed (not by an operation rename): breaking in Rust"
            }
            ChangeCode::TypeWordChanged => {
                "a value's type word changed but not its type (`Integer` and `Long` are both 64-bit, `int64` on the \
                 wire and `i64` in Rust): doc only; a change of width (`int32` to 64 bits) is a type change"
            }
            ChangeCode::ResultTypeChanged => {
                "the success result appeared, disappeared or changed its kind: breaking on the wire unless a result \
                 is newly documented; breaking in Rust when the output type changes"
            }
            ChangeCode::FieldAdded => {
                "a new response field: additive on the wire; in Rust a new public field of a result struct, \
                 breaking for struct literals unless the struct is `#[non_exhaustive]`"
            }
            ChangeCode::FieldRemoved => "a response field is gone: breaking on the wire and in Rust",
            ChangeCode::FieldTypeChanged => {
                "a response field's type changed (an integer's width too: `int32` and 64 bits): additive on the \
                 wire when every new value fits the old type, else breaking; breaking in Rust when its Rust type \
                 changes"
            }
            ChangeCode::FieldMadeOptional => {
                "a response field (or the result) may now be absent or null: breaking on the wire; breaking in Rust \
                 when its Rust type changes"
            }
            ChangeCode::FieldMadeRequired => {
                "a response field is now always present: additive on the wire; breaking in Rust when its Rust type \
                 changes"
            }
            ChangeCode::FieldRustRenamed => {
                "a response field's Rust name changed (the JSON key did not): breaking in Rust"
            }
            ChangeCode::FieldDocRequiredChanged => {
                "the field table's required word changed while the decision did not (an example lacks the field, \
                 so it stays optional; the OpenAPI document's `x-doc-required` changes): doc only"
            }
            ChangeCode::ErrorAdded => {
                "a newly documented error: additive on the wire; a new variant of the `#[non_exhaustive]` error enum"
            }
            ChangeCode::ErrorRemoved => {
                "a documented error is gone: additive on the wire (it is no longer sent); a removed variant, breaking \
                 in Rust"
            }
            ChangeCode::ErrorMessageChanged => {
                "a documented error's message changed: breaking on the wire (clients tell errors apart by message); \
                 breaking in Rust when its variant changes"
            }
            ChangeCode::ErrorStatusChanged => "a documented error's status changed: breaking on the wire",
            ChangeCode::ErrorVariantRenamed => "an error's Rust variant was renamed: breaking in Rust",
            ChangeCode::TitleChanged => "a title's wording changed: doc only",
            ChangeCode::DescriptionChanged => "a description's wording changed: doc only",
        }
    }
}

impl Serialize for ChangeCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
