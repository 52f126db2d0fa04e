//! People: students, teachers, parents (`/v2p3/students`, `/teachers`, `/parents`),
//! and what a caller sends to create or update them.

use gradebridge_macros::model;

use crate::timestamp::Timestamp;

/// Declares a person model: the fields every ManageBac person has (the docs'
/// `PersonalInformation` plus the account fields of a response), then its own.
macro_rules! person {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $f:ident : $t:ty,)* }) => {
        $(#[$meta])*
        #[model]
        pub struct $name {
            /// ManageBac id.
            pub id: i64,
            /// Primary email address (login and notifications).
            pub email: Option<String>,
            /// First given name.
            pub first_name: Option<String>,
            /// Additional name.
            pub middle_name: Option<String>,
            /// Surname.
            pub last_name: Option<String>,
            /// Handle (may differ from the given name).
            pub nickname: Option<String>,
            /// Additional names, or a variant in another language.
            pub other_name: Option<String>,
            /// The school's own unique id for the user.
            pub identifier: Option<String>,
            /// Gender (`Male`, `Female`, or the school's own values).
            pub gender: Option<String>,
            /// Date of birth, `yyyy-mm-dd`.
            pub birthday: Option<String>,
            /// Home phone number.
            pub phone_number: Option<String>,
            /// Mobile phone number.
            pub mobile_phone_number: Option<String>,
            /// First line of the home address.
            pub street_address: Option<String>,
            /// Second line of the home address.
            pub street_address_ii: Option<String>,
            /// City.
            pub city: Option<String>,
            /// State.
            pub state: Option<String>,
            /// Postal code.
            pub zipcode: Option<String>,
            /// Country (ISO code).
            pub country: Option<String>,
            /// Nationalities.
            pub nationalities: Vec<String>,
            /// Fluent languages.
            pub languages: Vec<String>,
            /// Portal account UID.
            pub account_uid: Option<String>,
            /// Time zone (`Europe/Kyiv`).
            pub timezone: Option<String>,
            /// Archived.
            pub archived: Option<bool>,
            /// Interface language.
            pub ui_language: Option<String>,
            /// Created at.
            pub created_at: Option<Timestamp>,
            /// Updated at.
            pub updated_at: Option<Timestamp>,
            /// Last sign-in.
            pub last_accessed_at: Option<Timestamp>,
            /// Role (`Student`, `Teacher`, `Advisor`, `Parent`).
            pub role: Option<String>,
            $($(#[$fmeta])* pub $f: $t,)*
        }
    };
}

/// Declares a person input: the writable personal fields, then its own. Only the
/// fields set are sent; an empty string is sent as a value (it clears the field).
macro_rules! person_input {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $f:ident : $t:ty,)* }) => {
        $(#[$meta])*
        #[derive(Default)]
        #[model(input)]
        pub struct $name {
            /// Primary email address (required to create).
            pub email: Option<String>,
            /// First given name.
            pub first_name: Option<String>,
            /// Additional name.
            pub middle_name: Option<String>,
            /// Surname.
            pub last_name: Option<String>,
            /// Handle.
            pub nickname: Option<String>,
            /// Additional names.
            pub other_name: Option<String>,
            /// The school's own unique id for the user.
            pub identifier: Option<String>,
            /// Gender.
            pub gender: Option<String>,
            /// Date of birth, `yyyy-mm-dd`.
            pub birthday: Option<String>,
            /// Home phone number.
            pub phone_number: Option<String>,
            /// Mobile phone number.
            pub mobile_phone_number: Option<String>,
            /// First line of the home address.
            pub street_address: Option<String>,
            /// Second line of the home address.
            pub street_address_ii: Option<String>,
            /// City.
            pub city: Option<String>,
            /// State.
            pub state: Option<String>,
            /// Postal code.
            pub zipcode: Option<String>,
            /// Country (ISO code).
            pub country: Option<String>,
            /// Nationalities.
            pub nationalities: Option<Vec<String>>,
            /// Fluent languages.
            pub languages: Option<Vec<String>>,
            /// Time zone.
            pub timezone: Option<String>,
            $($(#[$fmeta])* pub $f: $t,)*
        }
    };
}

person! {
    /// A student. `email`, `student_id`, `uid` and `identifier` are how other systems
    /// match a student.
    Student {
        /// The school's own student number.
        student_id: Option<String>,
        /// A unique id from the school's systems, when set.
        uid: Option<String>,
        /// National id number.
        national_id: Option<String>,
        /// SchoolsBuddy id.
        sb_id: Option<String>,
        /// OpenApply id.
        oa_id: Option<String>,
        /// Graduation date (graduated students).
        graduated_on: Option<String>,
        /// Withdrawal date (withdrawn students).
        withdrawn_on: Option<String>,
        /// Homeroom advisor (teacher id).
        homeroom_advisor_id: Option<i64>,
        /// CAS advisor (teacher id).
        cas_advisor_id: Option<i64>,
        /// Extended essay advisor (teacher id).
        ee_advisor_id: Option<i64>,
        /// Year group id.
        year_group_id: Option<i64>,
        /// IB group id (the year group).
        ib_group_id: Option<i64>,
        /// Expected graduation year.
        graduating_year: Option<i64>,
        /// Grade name (`Grade 10`).
        class_grade: Option<String>,
        /// Grade number.
        class_grade_number: Option<i64>,
        /// Program name.
        program: Option<String>,
        /// Program code (`diploma`, `myp`).
        program_code: Option<String>,
        /// Linked parents.
        parent_ids: Vec<i64>,
    }
}

person! {
    /// A teacher.
    Teacher {
        /// SchoolsBuddy id.
        sb_id: Option<String>,
        /// OpenApply id.
        oa_id: Option<String>,
        /// Program UIDs the teacher teaches in.
        programs: Vec<String>,
    }
}

/// A parent's link to a child.
#[model]
pub struct ChildRelation {
    /// The student's id.
    pub id: i64,
    /// Relationship (`Mother`, ...), when given.
    pub relationship: Option<String>,
}

person! {
    /// A parent or guardian.
    Parent {
        /// Title (`Mr.`, `Ms.`, `Mrs.`, `Dr.`).
        salutation: Option<String>,
        /// Work position.
        title: Option<String>,
        /// Employer.
        employer: Option<String>,
        /// Work email.
        work_email: Option<String>,
        /// Work phone.
        work_phone: Option<String>,
        /// Work address.
        work_address: Option<String>,
        /// Work address, second line.
        work_address_ii: Option<String>,
        /// Work fax.
        work_fax: Option<String>,
        /// Work city.
        work_city: Option<String>,
        /// Work state.
        work_state: Option<String>,
        /// Work postal code.
        work_postal_code: Option<String>,
        /// Work country.
        work_country: Option<String>,
        /// SchoolsBuddy id.
        sb_id: Option<String>,
        /// OpenApply id.
        oa_id: Option<String>,
        /// Children's ids.
        child_ids: Vec<i64>,
        /// Children with the relationship.
        children: Vec<ChildRelation>,
    }
}

person_input! {
    /// A student to create (`email` required) or the fields of one to change.
    StudentInput {
        /// The school's own student number.
        student_id: Option<String>,
        /// Graduation date, `yyyy-mm-dd`.
        graduated_on: Option<String>,
        /// Withdrawal date, `yyyy-mm-dd`.
        withdrawn_on: Option<String>,
        /// Homeroom advisor (teacher id).
        homeroom_advisor_id: Option<i64>,
        /// Year group id.
        year_group_id: Option<i64>,
        /// Expected graduation year.
        graduating_year: Option<i64>,
        /// Linked parents.
        parent_ids: Option<Vec<i64>>,
    }
}

person_input! {
    /// A teacher to create (`email` required) or the fields of one to change.
    TeacherInput {
        /// Program UIDs the teacher teaches in.
        programs: Option<Vec<String>>,
    }
}

person_input! {
    /// A parent to create (`email` required) or the fields of one to change.
    ParentInput {
        /// Title (`Mr.`, `Ms.`, `Mrs.`, `Dr.`).
        salutation: Option<String>,
        /// Work position.
        title: Option<String>,
        /// Employer.
        employer: Option<String>,
        /// Work email.
        work_email: Option<String>,
        /// Work phone.
        work_phone: Option<String>,
        /// Work address.
        work_address: Option<String>,
        /// Work address, second line.
        work_address_ii: Option<String>,
        /// Work fax.
        work_fax: Option<String>,
        /// Work city.
        work_city: Option<String>,
        /// Work state.
        work_state: Option<String>,
        /// Work postal code.
        work_postal_code: Option<String>,
        /// Work country.
        work_country: Option<String>,
        /// Children's ids.
        child_ids: Option<Vec<i64>>,
    }
}
